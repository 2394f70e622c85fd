package portal

// MinPasswordRunes is the shortest password the server accepts, in
// characters (spaces at either end do not count). The server enforces it;
// the app's "Choose your password" screen states it beforehand.
const MinPasswordRunes = 10
