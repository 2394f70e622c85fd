import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Go, type portal } from '../../../lib/bridge';
import { settingsKeys } from '../../../lib/settings';

// Reading the settings is shared (lib/settings); changing them, the lists
// to choose from and the update check are this feature's.

export const settingsFeatureKeys = {
  timeZones: ['timeZones'] as const,
  locales: ['locales'] as const,
  update: ['update'] as const,
};

export function useUpdateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (upd: Partial<Pick<portal.Settings, 'language' | 'locale' | 'timeZone' | 'theme'>>) =>
      Go.UpdateSettings(upd as portal.SettingsUpdate),
    onSuccess: (saved) => qc.setQueryData(settingsKeys.settings, saved),
  });
}

export function useTimeZones() {
  return useQuery({ queryKey: settingsFeatureKeys.timeZones, queryFn: () => Go.TimeZones(), staleTime: Infinity });
}

export function useLocales() {
  return useQuery({ queryKey: settingsFeatureKeys.locales, queryFn: () => Go.Locales(), staleTime: Infinity });
}

/** The newest release the vendor announced, compared with this app's
 * version; refreshed with every sync (sync events invalidate queries). */
export function useUpdate() {
  return useQuery<portal.Update>({ queryKey: settingsFeatureKeys.update, queryFn: () => Go.CheckForUpdate() });
}

/** Opens the update's download page in the browser. */
export function openDownloadPage(url: string) {
  return Go.OpenExternal(url);
}
