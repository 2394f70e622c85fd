import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Go } from '../../../lib/bridge';
import { EventsOn } from '../../../wailsjs/runtime/runtime';

export function useAccount() {
  return useQuery({ queryKey: ['account'], queryFn: () => Go.Account() });
}

export function useLastAccount() {
  return useQuery({ queryKey: ['lastAccount'], queryFn: () => Go.LastAccount(), staleTime: Infinity });
}

export function useSyncStatus() {
  return useQuery({ queryKey: ['syncStatus'], queryFn: () => Go.GetSyncStatus(), refetchInterval: 5000 });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { serverUrl: string; email: string; password: string }) => Go.SignIn(v.serverUrl, v.email, v.password),
    // A new account can change everything shown: cases, profile, categories.
    onSuccess: () => void qc.invalidateQueries(),
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => Go.SignOut(), onSuccess: () => void qc.invalidateQueries() });
}

/**
 * Keeps the UI in step with background sync: after each sync every query
 * refetches (new cases, numbers, replies); when the network comes back a
 * sync starts at once.
 */
export function useSyncEvents() {
  const qc = useQueryClient();
  const { t } = useTranslation();
  useEffect(() => {
    const online = () => void Go.SyncNow().catch(() => undefined);
    window.addEventListener('online', online);
    // EventsOn needs the Wails runtime; without it (unit tests) skip.
    const rt = (window as unknown as { runtime?: unknown }).runtime;
    // Support's replies and status changes become desktop notifications,
    // worded here in the user's language.
    const notify = (notices: Notice[]) => {
      for (const n of notices ?? []) {
        const number = n.number > 0 ? `#${n.number}` : '';
        const title =
          n.kind === 'reply'
            ? t('notify.replyTitle', { number })
            : t('notify.statusTitle', { number, status: t(`status.case.${n.status}`) });
        void Go.Notify(title, n.subject).catch(() => undefined);
      }
    };
    const offs = rt
      ? [
          EventsOn('sync:changed', () => void qc.invalidateQueries()),
          EventsOn('sync:signedout', () => void qc.invalidateQueries()),
          EventsOn('sync:notices', notify),
        ]
      : [];
    return () => {
      window.removeEventListener('online', online);
      offs.forEach((off) => off());
    };
  }, [qc, t]);
}

interface Notice {
  kind: 'reply' | 'status';
  caseId: string;
  number: number;
  subject: string;
  status?: string;
  author?: string;
}
