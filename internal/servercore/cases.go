package servercore

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// SupportComment adds an agent's reply to a case of the agent's vendor.
// commentID is optional; a client that retries sends the same one so the
// comment is added once.
func (s *Service) SupportComment(ctx context.Context, agent Caller, caseID, commentID, body string) (syncproto.Comment, error) {
	if commentID != "" {
		if _, err := uuid.Parse(commentID); err != nil {
			return syncproto.Comment{}, portal.Invalid("commentId", portal.ReasonBadID, commentID, "commentId is not a UUID")
		}
	}
	if err := portal.ValidateComment(body); err != nil {
		return syncproto.Comment{}, err
	}
	return s.store.AddSupportComment(ctx, agent, caseID, commentID, body, s.cfg.Now())
}

// ServerStatuses are the help desk's statuses; Draft and Waiting to send
// exist only on a device.
var ServerStatuses = []string{portal.StatusNew, portal.StatusInProgress, portal.StatusWaitingOnCustomer, portal.StatusSolved, portal.StatusClosed}

// SetCaseStatus moves a case of the agent's vendor to one of the
// ServerStatuses, keeping the solution when one is given.
func (s *Service) SetCaseStatus(ctx context.Context, agent Caller, caseID, status, solution string) (syncproto.CaseDetail, error) {
	status = strings.TrimSpace(status)
	if !slices.Contains(ServerStatuses, status) {
		return syncproto.CaseDetail{}, portal.Invalid("status", portal.ReasonUnknownStatus, status, "unknown case status %q", status)
	}
	if solution != "" {
		if err := portal.ValidateCommentDraft(solution); err != nil {
			err.(*portal.Error).Field = "solution"
			return syncproto.CaseDetail{}, err
		}
	}
	return s.store.SetStatus(ctx, agent, caseID, status, solution, s.cfg.Now())
}
