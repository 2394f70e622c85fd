import { useQuery } from '@tanstack/react-query';
import { Go } from './bridge';

// Sync and outbox state: the header shows it, My Account shows the last
// sync, and what changes the outbox (a sent case, a comment) refreshes it.

export const syncStatusKey = ['syncStatus'] as const;

export function useSyncStatus() {
  return useQuery({ queryKey: syncStatusKey, queryFn: () => Go.GetSyncStatus(), refetchInterval: 5000 });
}
