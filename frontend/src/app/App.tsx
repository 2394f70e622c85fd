import { Alert, Center, Code, Loader, Stack, Text, Title, useMantineColorScheme } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter, Route, Routes } from 'react-router';
import { Shell } from '../components/layout/Shell';
import { AccountPage } from '../features/account/components/AccountPage';
import { AccountSummary } from '../features/account/components/AccountSummary';
import { PasswordLinkDialog } from '../features/account/components/PasswordLinkDialog';
import { CaseDetailPage } from '../features/cases/components/CaseDetailPage';
import { CasesPage } from '../features/cases/components/CasesPage';
import { ContactPage } from '../features/cases/components/ContactPage';
import { DiscardedPage } from '../features/cases/components/DiscardedPage';
import { HomePage } from '../features/home/components/HomePage';
import { ArticlePage } from '../features/knowledge/components/ArticlePage';
import { KnowledgePage } from '../features/knowledge/components/KnowledgePage';
import { QuickSearch } from '../features/knowledge/components/QuickSearch';
import { SuggestionsPanel } from '../features/knowledge/components/SuggestionsPanel';
import { SettingsPage } from '../features/settings/components/SettingsPage';
import { UpdateNotice } from '../features/settings/components/UpdateNotice';
import { useSyncEvents } from '../features/sync/api/sync';
import { StatusArea } from '../features/sync/components/StatusArea';
import type { portal } from '../lib/bridge';
import { Go } from '../lib/bridge';
import { i18n } from '../lib/i18n';
import { useBootstrap, useSettings } from '../lib/settings';

/** Desktop conventions that the webview does not provide by itself. */
function useDesktopKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'q') {
        e.preventDefault();
        void Go.Quit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Tells the Go side the first screen is on display (start-up timing). */
function ReadySignal() {
  useEffect(() => {
    void Go.FrontendReady();
  }, []);
  return null;
}

/** Applies language and theme whenever the saved settings change. */
function ApplySettings() {
  const settings = useSettings();
  const { setColorScheme } = useMantineColorScheme();
  useEffect(() => {
    if (!settings) return;
    if (i18n.language !== settings.language) void i18n.changeLanguage(settings.language);
    document.documentElement.lang = settings.language;
    setColorScheme(settings.theme === 'system' ? 'auto' : (settings.theme as 'light' | 'dark'));
  }, [settings, setColorScheme]);
  return null;
}

function StartupError(props: { error: portal.Error }) {
  const { t } = useTranslation();
  const e = props.error;
  const key = ['store_corrupt', 'store_locked', 'store_too_new'].includes(e.code) ? e.code : 'internal';
  return (
    <Center mih="100vh" p="xl">
      <Stack maw={640} data-testid="startup-error">
        <Title order={1} size="h2">
          {t('startup.title')}
        </Title>
        <Alert color="red" icon={<IconAlertTriangle aria-hidden />} role="alert">
          <Text>{t(`startup.${key}`, e.params ?? {})}</Text>
        </Alert>
        <Text>{t('startup.untouched')}</Text>
        {e.params?.path ? <Code block>{t('startup.path', { path: e.params.path })}</Code> : null}
        <Text size="xs" c="dimmed">
          {e.message}
        </Text>
      </Stack>
    </Center>
  );
}

export function App() {
  const { t } = useTranslation();
  const boot = useBootstrap();
  useSyncEvents();
  useDesktopKeys();

  if (boot.isPending) {
    return (
      <Center mih="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (boot.isError) {
    return <StartupError error={{ code: 'internal', message: String(boot.error) }} />;
  }
  if (boot.data.startupError) {
    return <StartupError error={boot.data.startupError} />;
  }
  return (
    <HashRouter>
      <ApplySettings />
      <ReadySignal />
      {/* A supportportal:// link from an invitation or reset e-mail. */}
      <PasswordLinkDialog />
      {/* The app composes the features: each screen gets the other
          features' parts it shows as props, so no feature imports another. */}
      <Shell vendorName={boot.data.vendor.name} status={<StatusArea />} updateNotice={<UpdateNotice />}>
        <Routes>
          <Route path="/" element={<HomePage vendor={boot.data.vendor} search={<QuickSearch />} account={<AccountSummary />} />} />
          <Route path="/knowledge" element={<KnowledgePage />} />
          <Route path="/knowledge/a/:id" element={<ArticlePage />} />
          <Route path="/contact" element={<ContactPage suggestions={SuggestionsPanel} />} />
          <Route path="/contact/discarded/:draftId" element={<DiscardedPage />} />
          <Route path="/contact/:draftId" element={<ContactPage suggestions={SuggestionsPanel} />} />
          <Route path="/cases" element={<CasesPage />} />
          <Route path="/cases/:caseId" element={<CaseDetailPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<HomePage vendor={boot.data.vendor} search={<QuickSearch />} account={<AccountSummary />} />} />
        </Routes>
      </Shell>
    </HashRouter>
  );
}
