import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Go, type app, type portal } from '../../../lib/bridge';
import type { FormatPrefs } from '../../../lib/format';

export const bootstrapKey = ['bootstrap'] as const;
export const settingsKey = ['settings'] as const;

export function useBootstrap() {
  return useQuery<app.Bootstrap>({ queryKey: bootstrapKey, queryFn: () => Go.Bootstrap(), staleTime: Infinity });
}

/** Current settings: seeded from the bootstrap, then kept by mutations. */
export function useSettings(): portal.Settings | undefined {
  const boot = useBootstrap();
  const q = useQuery<portal.Settings>({
    queryKey: settingsKey,
    queryFn: () => Go.GetSettings(),
    enabled: !!boot.data && !boot.data.startupError,
    initialData: boot.data && !boot.data.startupError ? boot.data.settings : undefined,
    staleTime: Infinity,
  });
  return q.data ?? boot.data?.settings;
}

export function useFormatPrefs(): FormatPrefs {
  const s = useSettings();
  return { locale: s?.locale ?? '', timeZone: s?.timeZone ?? '' };
}

export function useUpdateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (upd: Partial<Pick<portal.Settings, 'language' | 'locale' | 'timeZone' | 'theme'>>) =>
      Go.UpdateSettings(upd as portal.SettingsUpdate),
    onSuccess: (saved) => qc.setQueryData(settingsKey, saved),
  });
}

export function useTimeZones() {
  return useQuery({ queryKey: ['timeZones'], queryFn: () => Go.TimeZones(), staleTime: Infinity });
}

export function useLocales() {
  return useQuery({ queryKey: ['locales'], queryFn: () => Go.Locales(), staleTime: Infinity });
}

/** The newest release the vendor announced, compared with this app's
 * version; refreshed with every sync (sync events invalidate queries). */
export function useUpdate() {
  return useQuery<portal.Update>({ queryKey: ['update'], queryFn: () => Go.CheckForUpdate() });
}
