package server

// HoldHashSlot takes a hash slot until release is called, so that a test
// can fill every slot without racing real hashes.
func (s *Server) HoldHashSlot() (release func()) {
	s.hashes.ch <- struct{}{}
	return func() { <-s.hashes.ch }
}
