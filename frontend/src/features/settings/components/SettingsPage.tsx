import {
  Autocomplete,
  Card,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../../../hooks/useFieldErrors';
import { useKeyedState } from '../../../hooks/useKeyedState';
import { useNow } from '../../../hooks/useNow';
import { parseError } from '../../../lib/errors';
import { formatDateTime, formatLong, formatNumber, systemLocale, systemTimeZone } from '../../../lib/format';
import { languages } from '../../../lib/i18n';
import { useBootstrap, useFormatPrefs, useSettings } from '../../../lib/settings';
import { useLocales, useTimeZones, useUpdate, useUpdateSettings } from '../api/settings';
import { UpdateNotice } from './UpdateNotice';

type Field = 'language' | 'locale' | 'timeZone' | 'theme';

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const settings = useSettings();
  const boot = useBootstrap();
  const prefs = useFormatPrefs();
  const zones = useTimeZones();
  const locales = useLocales();
  const update = useUpdateSettings();
  const now = useNow(30_000);
  const latest = useUpdate().data;

  // The time-zone box keeps what the user typed even when it is rejected, so
  // nothing typed is lost; it resyncs when the saved value changes.
  const [tzInput, setTzInput] = useKeyedState(settings?.timeZone ?? '', settings?.timeZone ?? '');

  // Each field saves on its own: an error that names no field shows at the
  // field just saved.
  const [lastField, setLastField] = useState<Field | null>(null);
  const { at: fieldError } = useFieldErrors(update.isError ? update.error : null, { fallbackField: lastField });

  const save = (field: Field, value: string) => {
    setLastField(field);
    update.mutate({ [field]: value });
  };

  const commitTimeZone = (value: string) => {
    const v = value.trim();
    if (v !== (settings?.timeZone ?? '') || (update.isError && parseError(update.error).field === 'timeZone')) save('timeZone', v);
  };

  const displayNames = useMemo(() => {
    try {
      return new Intl.DisplayNames([i18n.language], { type: 'language' });
    } catch {
      return null;
    }
  }, [i18n.language]);

  const localeOptions = useMemo(
    () => [
      { value: '', label: t('settings.localeSystem', { value: systemLocale() }) },
      ...(locales.data ?? []).map((l) => ({ value: l, label: `${displayNames?.of(l) ?? l} (${l})` })),
    ],
    [locales.data, displayNames, t],
  );

  if (!settings) {
    return <Loader aria-label={t('common.loading')} />;
  }

  return (
    <Stack gap="lg" maw={720}>
      <div>
        <Title order={2}>{t('settings.title')}</Title>
        <Text c="dimmed">{t('settings.intro')}</Text>
      </div>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Title order={3} size="h4">
            {t('settings.location')}
          </Title>
          <Select
            label={t('settings.language')}
            description={t('settings.languageHelp')}
            data={languages.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
            value={settings.language}
            onChange={(v) => v && save('language', v)}
            allowDeselect={false}
            error={fieldError('language')}
            data-testid="settings-language"
          />
          <Select
            label={t('settings.locale')}
            description={t('settings.localeHelp')}
            data={localeOptions}
            value={settings.locale}
            onChange={(v) => save('locale', v ?? '')}
            searchable
            allowDeselect={false}
            error={fieldError('locale')}
            data-testid="settings-locale"
          />
          <Autocomplete
            label={t('settings.timeZone')}
            description={t('settings.timeZoneHelp')}
            placeholder={t('settings.timeZoneSystem', { value: systemTimeZone() })}
            data={zones.data ?? []}
            limit={60}
            value={tzInput}
            onChange={setTzInput}
            onOptionSubmit={(v) => {
              setTzInput(v);
              commitTimeZone(v);
            }}
            onBlur={() => commitTimeZone(tzInput)}
            onKeyDown={(e) => {
              // Enter commits what was typed; blurring closes the list and
              // saves through onBlur, so the value is sent once.
              if (e.key === 'Enter') e.currentTarget.blur();
            }}
            error={fieldError('timeZone')}
            maxDropdownHeight={280}
            data-testid="settings-timezone"
          />
        </Stack>
      </Card>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Title order={3} size="h4">
            {t('settings.appearance')}
          </Title>
          <div>
            <Text component="label" size="sm" fw={500} id="theme-label">
              {t('settings.theme')}
            </Text>
            <SegmentedControl
              aria-labelledby="theme-label"
              fullWidth
              value={settings.theme}
              onChange={(v) => save('theme', v)}
              data={[
                { value: 'system', label: t('settings.themeSystem') },
                { value: 'light', label: t('settings.themeLight') },
                { value: 'dark', label: t('settings.themeDark') },
              ]}
              data-testid="settings-theme"
            />
          </div>
        </Stack>
      </Card>

      <Card withBorder radius="md" padding="lg" bg="var(--mantine-color-default-hover)">
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {t('settings.preview')}
          </Text>
          <Text fw={600} data-testid="settings-preview">
            {formatLong(now, prefs)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('settings.previewNumber')}: <span data-testid="settings-number">{formatNumber(1234567.89, prefs)}</span>
          </Text>
        </Stack>
      </Card>

      <Group justify="space-between" aria-live="polite" data-testid="settings-save-state">
        <Group gap={6}>
          {update.isPending ? (
            <>
              <Loader size="xs" />
              <Text size="sm">{t('settings.saving')}</Text>
            </>
          ) : update.isSuccess ? (
            <>
              <IconCheck size={16} color="var(--mantine-color-teal-6)" aria-hidden />
              <Text size="sm">{t('settings.saved')}</Text>
            </>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed" data-testid="settings-last-saved">
          {t('settings.lastSaved', { time: formatDateTime(settings.updatedAt, prefs) })}
        </Text>
      </Group>
      <Card withBorder radius="md" padding="lg">
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('settings.about')}
          </Title>
          <Text data-testid="settings-version">{t('settings.version', { version: boot.data?.version ?? '' })}</Text>
          {latest?.available ? (
            <UpdateNotice />
          ) : latest?.latest ? (
            <Text size="sm" c="dimmed">
              {t('settings.upToDate')}
            </Text>
          ) : null}
        </Stack>
      </Card>

      {boot.data?.dataDir ? (
        <Text size="xs" c="dimmed">
          {t('settings.dataFolder', { path: boot.data.dataDir })}
        </Text>
      ) : null}
    </Stack>
  );
}
