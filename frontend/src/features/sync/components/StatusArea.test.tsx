import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent, AppEvents } from '../../../lib/events';
import { i18n } from '../../../lib/i18n';
import { deferred, renderApp } from '../../../testing/render';
import { StatusArea } from './StatusArea';

// The Go side cannot run in jsdom: the bound calls are stand-ins, and the
// Wails runtime is one whose events the test sends.
const go = vi.hoisted(() => ({
  Bootstrap: vi.fn(async () => ({ settings: { language: 'en', locale: 'en-US', timeZone: 'UTC' }, vendor: {} })),
  GetSettings: vi.fn(async () => ({ language: 'en', locale: 'en-US', timeZone: 'UTC' })),
  GetSyncStatus: vi.fn(),
  SyncNow: vi.fn(),
}));
vi.mock('../../../lib/bridge', () => ({ Go: go }));

const listeners = new Map<string, (payload: unknown) => void>();

function emit<E extends AppEvent>(name: E, payload: AppEvents[E]) {
  const l = listeners.get(name);
  if (!l) throw new Error(`nobody listens to ${name}`);
  act(() => l(payload));
}

const status = (s: Record<string, unknown> = {}) => ({ signedIn: false, serverUrl: '', lastError: '', waiting: 0, rejected: 0, ...s });

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  act(() => {
    window.dispatchEvent(new Event(online ? 'online' : 'offline'));
  });
}

beforeEach(async () => {
  await i18n.changeLanguage('en');
  vi.clearAllMocks();
  listeners.clear();
  (window as unknown as { runtime: unknown }).runtime = {
    EventsOnMultiple: (name: string, cb: (payload: unknown) => void) => {
      listeners.set(name, cb);
      return () => listeners.delete(name);
    },
  };
});
afterEach(() => {
  cleanup();
  delete (window as unknown as { runtime?: unknown }).runtime;
  setOnline(true);
});

describe('status area', () => {
  it('shows connectivity and what waits to be sent before any sign-in', async () => {
    go.GetSyncStatus.mockResolvedValue(status({ waiting: 2 }));
    renderApp(<StatusArea />);
    expect(await screen.findByText('2 waiting to send')).toBeInTheDocument();
    expect(screen.getByTestId('online-badge')).toHaveTextContent('Online');
    expect(screen.queryByTestId('sync-now')).toBeNull();
    expect(screen.queryByTestId('rejected-count')).toBeNull();

    setOnline(false);
    expect(screen.getByTestId('online-badge')).toHaveTextContent('Offline');
    setOnline(true);
    expect(screen.getByTestId('online-badge')).toHaveTextContent('Online');
  });

  it('shows the last sync, refused changes and a failed sync', async () => {
    const u = userEvent.setup();
    go.GetSyncStatus.mockResolvedValue(status({ signedIn: true, serverUrl: 'https://support.example.com', lastSyncAt: '2026-12-02T10:15:00Z', rejected: 1 }));
    const view = renderApp(<StatusArea />);
    await waitFor(() => expect(screen.getByTestId('outbox-count')).toHaveTextContent('Synced Dec 2, 2026, 10:15 AM'));
    expect(screen.getByTestId('rejected-count')).toHaveTextContent('1 change was refused');
    expect(screen.getByTestId('sync-now')).toHaveAccessibleName('Sync now');
    view.unmount();

    go.GetSyncStatus.mockResolvedValue(
      status({ signedIn: true, serverUrl: 'https://support.example.com', waiting: 3, lastError: JSON.stringify({ code: 'unavailable', reason: 'server_unreachable', message: 'x' }) }),
    );
    renderApp(<StatusArea />);
    const outbox = screen.getByTestId('outbox-count');
    await waitFor(() => expect(outbox).toHaveTextContent('3 waiting to send'));
    await u.hover(outbox);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Last sync failed: The server could not be reached. Check the address and your connection; your work is kept here.',
    );
    expect(screen.getByTestId('sync-failed')).toBeInTheDocument();
  });

  it('says a failed sync in words when nothing waits', async () => {
    go.GetSyncStatus.mockResolvedValue(
      status({ signedIn: true, serverUrl: 'https://support.example.com', lastSyncAt: '2026-12-02T10:15:00Z', lastError: JSON.stringify({ code: 'unavailable', reason: 'server_unreachable', message: 'x' }) }),
    );
    renderApp(<StatusArea />);
    const outbox = screen.getByTestId('outbox-count');
    await waitFor(() => expect(outbox).toHaveTextContent(/^Last sync failed$/));
    expect(screen.getByRole('status')).toHaveTextContent('Last sync failed');
    expect(screen.getByTestId('sync-failed')).toBeInTheDocument();
  });

  it('syncs now on request and then shows the new state', async () => {
    const u = userEvent.setup();
    go.GetSyncStatus.mockResolvedValue(status({ signedIn: true, serverUrl: 'https://support.example.com', waiting: 1 }));
    renderApp(<StatusArea />);
    const button = await screen.findByTestId('sync-now');
    const sync = deferred<void>();
    go.SyncNow.mockReturnValueOnce(sync.promise);
    go.GetSyncStatus.mockResolvedValue(status({ signedIn: true, serverUrl: 'https://support.example.com', lastSyncAt: '2026-12-02T10:20:00Z' }));
    await u.click(button);
    expect(go.SyncNow).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(button).toHaveAttribute('data-loading', 'true'));
    sync.resolve();
    await waitFor(() => expect(screen.getByTestId('outbox-count')).toHaveTextContent('Synced Dec 2, 2026, 10:20 AM'));
    await waitFor(() => expect(button).not.toHaveAttribute('data-loading'));
  });

  it('follows a long sync and a file transfer until the sync ends', async () => {
    go.GetSyncStatus.mockResolvedValue(status({ signedIn: true, serverUrl: 'https://support.example.com' }));
    renderApp(<StatusArea />);
    await screen.findByTestId('sync-now');
    expect(screen.queryByTestId('sync-progress')).toBeNull();

    emit('sync:progress', { pushed: 0, rejected: 0, pulled: 1200, articles: 34, files: 0, filesFailed: 0 });
    expect(screen.getByTestId('sync-progress')).toHaveTextContent('Syncing… 1,234 items received');

    emit('transfer:progress', { sha256: 'ab', name: 'log.txt', done: 25, total: 100 });
    expect(screen.getByTestId('transfer-progress')).toHaveTextContent('Transferring log.txt');
    expect(screen.getByRole('progressbar', { name: 'Transferring log.txt' })).toHaveAttribute('aria-valuenow', '25');
    emit('transfer:progress', { sha256: 'ab', name: 'log.txt', done: 100, total: 100 });
    expect(screen.queryByTestId('transfer-progress')).toBeNull();
    // A late event of the finished file does not bring it back.
    emit('transfer:progress', { sha256: 'ab', name: 'log.txt', done: 50, total: 100 });
    expect(screen.queryByTestId('transfer-progress')).toBeNull();

    emit('transfer:progress', { sha256: 'cd', name: 'shot.png', done: 1, total: 2 });
    emit('sync:changed', { report: { pushed: 0, rejected: 0, pulled: 1200, articles: 34, files: 1, filesFailed: 0 }, error: '' });
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    expect(screen.queryByTestId('transfer-progress')).toBeNull();
  });
});
