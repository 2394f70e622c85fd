import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../../lib/i18n';
import { goError, renderApp } from '../../../testing/render';
import { PortalUsers } from './PortalUsers';

// The Go side cannot run in jsdom: the bound calls the account api makes
// are stand-ins answering with one company's portal users.
const go = vi.hoisted(() => ({
  Bootstrap: vi.fn(async () => ({ settings: { language: 'en', locale: 'en-US', timeZone: 'UTC' }, vendor: { productName: 'Quizzly', portalUserLimit: 4 } })),
  GetSettings: vi.fn(async () => ({ language: 'en', locale: 'en-US', timeZone: 'UTC' })),
  GetCompanyAccount: vi.fn(),
  SetPortalUserActive: vi.fn(),
  DismissRefusedChange: vi.fn(),
  RequestPortalUser: vi.fn(),
}));
vi.mock('../../../lib/bridge', () => ({ Go: go }));

const user = (id: string, name: string, more: Record<string, unknown> = {}) => ({
  id,
  name,
  email: `${id}@acme.example`,
  productRole: 'administrator',
  portalAccess: 'active',
  ...more,
});

const company = {
  me: 'ann',
  fetchedAt: '2026-12-02T09:00:00Z',
  account: {
    company: { id: 'acme', name: 'Acme' },
    activeUsers: 3,
    userLimit: 4,
    rev: 7,
    users: [
      user('ann', 'Ann Owner', { productRole: 'account_owner', lastSignInAt: '2026-12-01T08:30:00Z' }),
      user('bob', 'Bob Admin'),
      user('cid', 'Cid Paused', { portalAccess: 'deactivated', deactivatedBy: 'company' }),
      user('dee', 'Dee Blocked', { portalAccess: 'deactivated', deactivatedBy: 'vendor' }),
      user('eve', 'Eve Leaving'),
    ],
    pendingRequests: [{ id: 'r1', name: 'Fay New', email: 'fay@acme.example', productRole: 'administrator', status: 'pending', createdAt: '2026-12-01T10:00:00Z' }],
  },
  queued: [
    { id: 'q1', kind: 'deactivate', personId: 'eve', createdAt: '2026-12-02T08:00:00Z' },
    {
      id: 'q2',
      kind: 'request',
      request: { firstName: 'Gus', lastName: 'Late', email: 'gus@acme.example', productRole: 'administrator' },
      refused: { code: 'conflict', reason: 'portal_user_limit', params: { active: '4', limit: '4' }, message: 'limit' },
      createdAt: '2026-12-02T08:05:00Z',
    },
  ],
};

function row(name: string) {
  const r = screen.getAllByTestId('user-row').find((el) => el.textContent?.includes(name));
  if (!r) throw new Error(`no row for ${name}`);
  return r;
}

beforeEach(async () => {
  await i18n.changeLanguage('en');
  vi.clearAllMocks();
  go.GetCompanyAccount.mockResolvedValue(company);
});
afterEach(cleanup);

describe('portal users table', () => {
  it('shows each user with role, status, last sign-in and what may be done', async () => {
    renderApp(<PortalUsers />);
    expect(await screen.findByTestId('users-count')).toHaveTextContent('3 of 4 active');
    expect(screen.getByText('As of Dec 2, 2026, 9:00 AM')).toBeInTheDocument();

    const rows = screen.getAllByTestId('user-row');
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['Ann Owner (you)', 'ann@acme.example', 'Account Owner', 'Active', 'Dec 1, 2026, 8:30 AM', 'The Account Owner can be deactivated only by the vendor\'s support team.'],
      ['Bob Admin', 'bob@acme.example', 'Administrator', 'Active', 'Never', 'Deactivate'],
      ['Cid Paused', 'cid@acme.example', 'Administrator', 'Deactivated', 'Never', 'Reactivate'],
      ['Dee Blocked', 'dee@acme.example', 'Administrator', 'Deactivated by the vendor', 'Never', "Only the vendor's support team can reactivate this user."],
      ['Eve Leaving', 'eve@acme.example', 'Administrator', 'Active', 'Never', 'Waiting to send'],
    ]);
    // Only the users the company may change have a button.
    expect(within(row('Bob Admin')).getByRole('button', { name: 'Deactivate' })).toBeInTheDocument();
    expect(within(row('Cid Paused')).getByRole('button', { name: 'Reactivate' })).toBeInTheDocument();
    for (const name of ['Ann Owner', 'Dee Blocked', 'Eve Leaving']) {
      expect(within(row(name)).queryByRole('button')).toBeNull();
    }

    // Requests: one waiting for the vendor, one change waiting to be sent,
    // and one the server refused, with why.
    expect(screen.getByTestId('pending-request')).toHaveTextContent('Fay New · fay@acme.example');
    expect(screen.getByTestId('pending-request')).toHaveTextContent('Pending approval');
    const queued = screen.getAllByTestId('queued-change');
    expect(queued[0]).toHaveTextContent('Deactivate Eve Leaving');
    expect(queued[0]).toHaveTextContent('Waiting to send');
    expect(queued[1]).toHaveTextContent('Gus Late · gus@acme.example');
    expect(queued[1]).toHaveTextContent('Your company already has 4 of 4 active portal users.');
  });

  it('deactivates after asking, and says why the change was refused', async () => {
    const u = userEvent.setup();
    renderApp(<PortalUsers />);
    await screen.findByText('Bob Admin');
    await u.click(within(row('Bob Admin')).getByTestId('user-toggle'));

    const dialog = await screen.findByRole('dialog', { name: 'Deactivate portal user?' });
    expect(dialog).toHaveTextContent('Bob Admin will no longer be able to sign in to the Customer Portal');
    // Its close button has a name a screen reader can say (axe: button-name).
    expect(within(dialog).getByRole('button', { name: 'Close' })).toBeInTheDocument();

    // Refused: the reason shows in the dialog, which stays open.
    go.SetPortalUserActive.mockRejectedValueOnce(goError({ code: 'conflict', reason: 'last_active_user' }));
    await u.click(within(dialog).getByTestId('confirm-toggle'));
    expect(await within(dialog).findByTestId('toggle-error')).toHaveTextContent(
      "You are your company's last active portal user and cannot deactivate yourself.",
    );
    expect(go.SetPortalUserActive).toHaveBeenLastCalledWith('bob', false);

    // Accepted: the dialog closes and the list is fetched again.
    go.SetPortalUserActive.mockResolvedValueOnce(undefined);
    const fetches = go.GetCompanyAccount.mock.calls.length;
    await u.click(within(dialog).getByTestId('confirm-toggle'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(go.SetPortalUserActive).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(go.GetCompanyAccount.mock.calls.length).toBeGreaterThan(fetches));
  });

  it('reactivates a user the company deactivated and dismisses a refused change', async () => {
    const u = userEvent.setup();
    renderApp(<PortalUsers />);
    await screen.findByText('Cid Paused');
    await u.click(within(row('Cid Paused')).getByTestId('user-toggle'));
    const dialog = await screen.findByRole('dialog', { name: 'Reactivate portal user?' });
    go.SetPortalUserActive.mockResolvedValueOnce(undefined);
    await u.click(within(dialog).getByRole('button', { name: 'Reactivate' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(go.SetPortalUserActive).toHaveBeenCalledWith('cid', true);

    go.DismissRefusedChange.mockResolvedValueOnce(undefined);
    await u.click(within(screen.getAllByTestId('queued-change')[1]).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(go.DismissRefusedChange).toHaveBeenCalledWith('q2'));
  });

  it('says when the users are not known yet', async () => {
    go.GetCompanyAccount.mockResolvedValue({ me: '', queued: [] });
    renderApp(<PortalUsers />);
    expect(await screen.findByText("Your company's portal users appear here after the first sync.")).toBeInTheDocument();
    expect(screen.queryByTestId('users-table')).toBeNull();
    expect(screen.queryByTestId('users-count')).toBeNull();
  });

  it('speaks German', async () => {
    await i18n.changeLanguage('de');
    renderApp(<PortalUsers />);
    expect(await screen.findByTestId('users-count')).toHaveTextContent(i18n.t('users.activeOf', { active: 3, limit: 4 }));
    expect(i18n.t('users.activeOf', { active: 3, limit: 4 })).not.toBe('3 of 4 active');
    expect(within(row('Bob Admin')).getByTestId('user-toggle')).toHaveTextContent(i18n.t('users.deactivate'));
    await i18n.changeLanguage('en');
  });
});
