// Package must is the tests' one way to stop at a step that is not what
// the test is about (a fixture that cannot be made, a file that cannot be
// written, a row that cannot be read): its error panics, which fails the
// test with the error and the line. What a test asserts it checks with
// t.Fatal or t.Error as usual.
//
//	id := must.Get(st.CreateCompany(ctx, c))
//	must.Do(os.WriteFile(p, b, 0o600))
package must

// Do panics with err unless it is nil.
func Do(err error) {
	if err != nil {
		panic(err)
	}
}

// Get returns v, or panics with err.
func Get[T any](v T, err error) T {
	Do(err)
	return v
}

// Get2 returns a and b, or panics with err.
func Get2[A, B any](a A, b B, err error) (A, B) {
	Do(err)
	return a, b
}
