import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Go } from '../../../lib/bridge';
import { type Notice, onEvent, type TransferProgress } from '../../../lib/events';
import { syncStatusKey } from '../../../lib/syncStatus';

/** Starts a sync now; the status in the header refreshes a moment later. */
export function useSyncNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => Go.SyncNow(),
    onSettled: () =>
      new Promise<void>((done) =>
        setTimeout(() => {
          void qc.invalidateQueries({ queryKey: syncStatusKey });
          done();
        }, 800),
      ),
  });
}

/**
 * Keeps the UI in step with background sync: after each sync every query
 * refetches (new cases, numbers, replies); when the network comes back a
 * sync starts at once; support's replies and status changes become desktop
 * notifications, worded here in the user's language.
 */
export function useSyncEvents() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  useEffect(() => {
    const online = () => void Go.SyncNow().catch(() => undefined);
    window.addEventListener('online', online);
    const notify = (notices: Notice[] | null) => {
      for (const n of notices ?? []) {
        const number = n.number > 0 ? `#${n.number}` : '';
        const title =
          n.kind === 'reply'
            ? t('notify.replyTitle', { number })
            : t('notify.statusTitle', { number, status: t(`status.case.${n.status}`) });
        void Go.Notify(title, n.subject).catch(() => undefined);
      }
    };
    const offs = [
      onEvent('sync:changed', () => void qc.invalidateQueries()),
      onEvent('sync:signedout', () => void qc.invalidateQueries()),
      onEvent('sync:notices', notify),
    ];
    return () => {
      window.removeEventListener('online', online);
      offs.forEach((off) => off());
    };
  }, [qc, t]);
}

/**
 * Progress of a long sync (a first sync): how many changes and articles
 * arrived so far; and the file on its way, if any. Both clear when the sync
 * ends.
 */
export function useSyncProgress() {
  const [received, setReceived] = useState(0);
  const [transfer, setTransfer] = useState<TransferProgress | null>(null);
  // Events may arrive out of order (Wails' development server sends each
  // from its own goroutine): a file's progress never goes back, and a file
  // that has finished does not show again from a late event.
  const finished = useRef(new Set<string>());
  useEffect(() => {
    const offs = [
      onEvent('sync:progress', (r) => setReceived((r.pulled ?? 0) + (r.articles ?? 0))),
      onEvent('sync:changed', () => {
        setReceived(0);
        setTransfer(null);
      }),
      onEvent('transfer:progress', (p) => {
        const key = `${p.sha256}:${p.total}`;
        if (p.done >= p.total) finished.current.add(key);
        setTransfer((cur) => {
          if (finished.current.has(key)) return cur?.sha256 === p.sha256 ? null : cur;
          return cur?.sha256 === p.sha256 && cur.done > p.done ? cur : p;
        });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, []);
  return { received, transfer };
}
