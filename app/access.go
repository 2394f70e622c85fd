package app

import (
	"context"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/syncer"
)

// The access request without a login: the documents' "email portal
// access" path, from the sign-in screen.

const accessRequestKey = "access_request"

// AccessRequestView is the request kept on this computer and its outcome.
// Status is "waiting" until the server has it (the form is kept, nothing
// typed is lost), then pending, approved or rejected.
type AccessRequestView struct {
	ServerURL string               `json:"serverUrl"`
	Request   portal.AccessRequest `json:"request"`
	ID        string               `json:"id"`
	Status    string               `json:"status"`
	Reason    string               `json:"reason"`
	SentAt    *time.Time           `json:"sentAt" ts_type:"string"`
}

// stored is the view plus the secret token, which the UI never sees.
type storedAccessRequest struct {
	AccessRequestView
	Token string `json:"token"`
}

// RequestAccess keeps the request here and sends it when the server can be
// reached (now, or on a later check).
func (a *App) RequestAccess(serverURL string, req portal.AccessRequest) (AccessRequestView, error) {
	return run(a, func() (AccessRequestView, error) {
		base, err := syncer.NormalizeServerURL(serverURL)
		if err != nil {
			return AccessRequestView{}, err
		}
		req = req.Normalize()
		if err := portal.ValidateAccessRequest(req); err != nil {
			return AccessRequestView{}, err
		}
		st := storedAccessRequest{AccessRequestView: AccessRequestView{ServerURL: base, Request: req, Status: "waiting"}}
		if err := a.db.SetState(a.ctx, accessRequestKey, st); err != nil {
			return AccessRequestView{}, err
		}
		return a.refreshAccessRequest(st)
	})
}

// GetAccessRequest returns the kept request, sending it if it still waits
// and asking for its outcome if it was sent; nil when there is none.
func (a *App) GetAccessRequest() (*AccessRequestView, error) {
	return run(a, func() (*AccessRequestView, error) {
		var st storedAccessRequest
		ok, err := a.db.GetState(a.ctx, accessRequestKey, &st)
		if err != nil || !ok {
			return nil, err
		}
		v, err := a.refreshAccessRequest(st)
		return &v, err
	})
}

// ForgetAccessRequest removes the kept request (after its outcome was read).
func (a *App) ForgetAccessRequest() error {
	return run0(a, func() error { return a.db.DeleteState(a.ctx, accessRequestKey) })
}

func (a *App) refreshAccessRequest(st storedAccessRequest) (AccessRequestView, error) {
	ctx, cancel := context.WithTimeout(a.ctx, 15*time.Second)
	defer cancel()
	c := syncer.NewClient(st.ServerURL, "")
	if st.ID == "" {
		res, err := c.RequestAccess(ctx, st.Request)
		if syncer.IsOffline(err) {
			return st.AccessRequestView, nil // stays "waiting"; sent on the next check
		} else if err != nil {
			return st.AccessRequestView, err
		}
		now := time.Now().UTC()
		st.ID, st.Token, st.Status, st.SentAt = res.ID, res.Token, res.Status, &now
	} else {
		res, err := c.AccessRequest(ctx, st.ID, st.Token)
		if syncer.IsOffline(err) {
			return st.AccessRequestView, nil
		} else if err != nil {
			return st.AccessRequestView, err
		}
		st.Status, st.Reason = res.Status, res.Reason
	}
	return st.AccessRequestView, a.db.SetState(a.ctx, accessRequestKey, st)
}
