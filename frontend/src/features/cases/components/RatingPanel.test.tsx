import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { portal } from '../../../lib/bridge';
import { i18n } from '../../../lib/i18n';
import { deferred, goError, renderApp } from '../../../testing/render';
import { CaseDetailPage } from './CaseDetailPage';

// The Go side cannot run in jsdom: the bound calls are stand-ins. GetCase
// answers the case as the test last set it; RateCase answers as the store
// does, with the rating waiting to be sent.
const go = vi.hoisted(() => ({
  Bootstrap: vi.fn(async () => ({ settings: { language: 'en', locale: 'en-US', timeZone: 'UTC' }, vendor: {} })),
  GetSettings: vi.fn(async () => ({ language: 'en', locale: 'en-US', timeZone: 'UTC' })),
  ComponentCategories: vi.fn(async () => [
    { id: 'reports', nameEn: 'Reports', nameDe: 'Berichte', subcategories: [{ id: 'reports.export', nameEn: 'Export', nameDe: 'Export' }] },
  ]),
  GetCase: vi.fn(),
  RateCase: vi.fn(),
  DismissRatingRefusal: vi.fn(),
  SaveCommentDraft: vi.fn(async () => {}),
  GetSyncStatus: vi.fn(async () => ({ signedIn: false, waiting: 0, rejected: 0 })),
  ListCases: vi.fn(async () => ({ items: [], total: 0 })),
  ListDrafts: vi.fn(async () => []),
}));
vi.mock('../../../lib/bridge', () => ({ Go: go }));

const ID = '0190c6a8-0000-7000-8000-0000000000c1';

function kase(over: Partial<portal.CaseDetail> = {}): portal.CaseDetail {
  return {
    id: ID, number: 12, subject: 'Report export stops at 10%', categoryId: 'reports', subcategoryId: 'reports.export',
    status: 'solved', priority: 'high', mine: true, createdAt: '2026-12-01T09:00:00Z', updatedAt: '2026-12-02T10:00:00Z',
    description: 'It stops.', attachments: [], comments: [], history: [], solution: { text: 'Re-run the export.', articleId: '' },
    commentDraft: '', commentDraftAttachments: [], canComment: true, canFollowUp: false,
    satisfactionPending: false, canRate: true, ...over,
  } as portal.CaseDetail;
}

let current: portal.CaseDetail;

function renderCase() {
  return renderApp(
    <Routes>
      <Route path="/cases/:caseId" element={<CaseDetailPage />} />
    </Routes>,
    { path: `/cases/${ID}` },
  );
}

beforeEach(async () => {
  await i18n.changeLanguage('en');
  vi.clearAllMocks();
  current = kase();
  go.GetCase.mockImplementation(async () => current);
  (window as unknown as { runtime: unknown }).runtime = { EventsOnMultiple: () => () => {} };
});
afterEach(() => {
  cleanup();
  delete (window as unknown as { runtime?: unknown }).runtime;
});

describe('rating a solved case', () => {
  it('asks, sends the answer with a comment, shows it waiting, and lets it change', async () => {
    const u = userEvent.setup();
    renderCase();
    const panel = await screen.findByTestId('rating-panel');
    expect(within(panel).getByRole('radiogroup', { name: 'Did this solve your problem?' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Did this solve your problem?' })).toBe(panel);
    const send = within(panel).getByTestId('rating-send');
    expect(send).toBeDisabled();

    await u.click(within(panel).getByRole('radio', { name: 'No, my problem is not solved' }));
    expect(within(panel).getByText('What is still missing? The support team will look at the case again.')).toBeInTheDocument();
    await u.type(within(panel).getByTestId('rating-comment'), 'Still stops at 10%.');
    const answer = deferred<portal.CaseDetail>();
    go.RateCase.mockReturnValueOnce(answer.promise);
    await u.click(send);
    expect(go.RateCase).toHaveBeenCalledWith(ID, 'not_satisfied', 'Still stops at 10%.');
    current = kase({
      satisfaction: { rating: 'not_satisfied', comment: 'Still stops at 10%.', ratedAt: '2026-12-02T11:00:00Z', ratedById: '', ratedByName: '' },
      satisfactionPending: true,
    });
    answer.resolve(current);

    expect(await screen.findByTestId('rating-given')).toHaveTextContent('Did not solve my problem');
    expect(screen.getByTestId('rating-pending')).toHaveTextContent('Waiting to send');
    expect(screen.getByTestId('rating-comment-text')).toHaveTextContent('Still stops at 10%.');
    expect(screen.getByRole('heading', { name: 'Your rating' })).toBeInTheDocument();
    expect(screen.getByTestId('rating-follow-up')).toBeInTheDocument();
    expect(screen.queryByRole('radiogroup')).toBeNull();

    // Change it: the form comes back with the answer given, Cancel keeps it.
    await u.click(screen.getByTestId('rating-change'));
    expect(screen.getByRole('radio', { name: 'No, my problem is not solved' })).toBeChecked();
    expect(screen.getByTestId('rating-comment')).toHaveValue('Still stops at 10%.');
    await u.click(screen.getByTestId('rating-cancel'));
    expect(screen.getByTestId('rating-given')).toHaveTextContent('Did not solve my problem');

    await u.click(screen.getByTestId('rating-change'));
    await u.click(screen.getByRole('radio', { name: 'Yes, my problem is solved' }));
    await u.clear(screen.getByTestId('rating-comment'));
    current = kase({
      satisfaction: { rating: 'satisfied', comment: '', ratedAt: '2026-12-02T11:05:00Z', ratedById: '', ratedByName: 'Ann Example' },
    });
    go.RateCase.mockResolvedValueOnce(current);
    await u.click(screen.getByTestId('rating-send'));
    expect(go.RateCase).toHaveBeenLastCalledWith(ID, 'satisfied', '');
    await waitFor(() => expect(screen.getByTestId('rating-given')).toHaveTextContent('Solved my problem'));
    expect(screen.getByRole('heading', { name: 'Rating by Ann Example' })).toBeInTheDocument();
    expect(screen.queryByTestId('rating-pending')).toBeNull();
    expect(screen.queryByTestId('rating-comment-text')).toBeNull();
  });

  it('keeps what was typed when the rating is refused, in the user language', async () => {
    const u = userEvent.setup();
    await i18n.changeLanguage('de');
    renderCase();
    await u.click(await screen.findByRole('radio', { name: 'Ja, mein Problem ist gelöst' }));
    await u.type(screen.getByTestId('rating-comment'), 'Danke');
    go.RateCase.mockRejectedValueOnce(goError({ code: 'conflict', reason: 'rating_closed', field: 'rating' }));
    await u.click(screen.getByRole('button', { name: 'Bewertung senden' }));
    expect(await screen.findByText('Dieser Fall ist geschlossen; seine Bewertung kann nicht mehr abgegeben oder geändert werden.')).toBeInTheDocument();
    expect(screen.getByTestId('rating-comment')).toHaveValue('Danke');
    expect(screen.getByRole('radio', { name: 'Ja, mein Problem ist gelöst' })).toBeChecked();
  });

  it('shows a refusal from the server until dismissed, and a closed case read-only', async () => {
    const u = userEvent.setup();
    current = kase({
      status: 'closed', canRate: false, canComment: false,
      satisfaction: { rating: 'satisfied', comment: 'Thanks!', ratedAt: '2026-12-02T11:00:00Z', ratedById: '', ratedByName: 'Bob' },
      satisfactionRefused: { code: 'conflict', reason: 'rating_closed', field: 'rating', message: 'closed' },
    });
    renderCase();
    const refused = await screen.findByTestId('rating-refused');
    expect(refused).toHaveTextContent('This case is closed, so its rating can no longer be given or changed.');
    expect(screen.getByTestId('rating-given')).toHaveTextContent('Solved my problem');
    expect(screen.getByText('The case is closed, so the rating can no longer change.')).toBeInTheDocument();
    expect(screen.queryByTestId('rating-change')).toBeNull();
    expect(screen.queryByRole('radiogroup')).toBeNull();

    current = kase({ ...current, satisfactionRefused: undefined });
    go.DismissRatingRefusal.mockResolvedValueOnce(current);
    await u.click(screen.getByTestId('rating-dismiss'));
    expect(go.DismissRatingRefusal).toHaveBeenCalledWith(ID);
    await waitFor(() => expect(screen.queryByTestId('rating-refused')).toBeNull());
  });

  it('asks nothing before the case is solved', async () => {
    current = kase({ status: 'in_progress', canRate: false, solution: undefined });
    renderCase();
    await screen.findByTestId('case-title');
    expect(screen.queryByTestId('rating-panel')).toBeNull();
  });
});
