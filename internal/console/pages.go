package console

import (
	"net/http"

	"supportportal/internal/servercore"
)

func caller(r *http.Request) servercore.Caller {
	return r.Context().Value(agentKey{}).(servercore.Caller)
}
