import { Alert, Anchor, Badge, Button, Card, Group, Loader, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconLogin, IconLogout, IconUsers } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/ui/EmptyState';
import { Go } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { useFieldErrors } from '../../../lib/useFieldErrors';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs } from '../../settings/api/settings';
import { useAccount, useLastAccount, useSignIn, useSignOut, useSyncStatus } from '../api/account';
import { AccessRequest } from './AccessRequest';
import { PortalUsers } from './PortalUsers';
import { roleLabel } from './roles';

/**
 * Sign-in to the vendor's support server with the credentials from the
 * invitation e-mail. Errors appear at the field they concern.
 */
function SignInForm(props: { onServer: (url: string) => void }) {
  const { t } = useTranslation();
  const last = useLastAccount();
  const signIn = useSignIn();
  const [serverUrl, setServerUrl] = useState('');
  const { onServer } = props;
  // The access-request form below sends to the same server address.
  useEffect(() => onServer(serverUrl), [serverUrl, onServer]);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [resetSent, setResetSent] = useState(false);
  const [resetError, setResetError] = useState<unknown>(null);
  useEffect(() => {
    if (last.data) {
      setServerUrl((v) => v || last.data!.serverUrl);
      setEmail((v) => v || last.data!.email);
    }
  }, [last.data]);

  const { at: fieldError, formError, ref } = useFieldErrors(signIn.isError ? signIn.error : null);

  const forgot = async () => {
    setResetSent(false);
    setResetError(null);
    try {
      await Go.ForgotPassword(serverUrl, email);
      setResetSent(true);
    } catch (e) {
      setResetError(e);
    }
  };

  return (
    <Card withBorder padding="lg" maw={520} component="form" onSubmit={(e) => { e.preventDefault(); signIn.mutate({ serverUrl, email, password }); }} noValidate data-testid="sign-in">
      <Stack gap="md">
        <div>
          <Title order={3} size="h4">{t('account.signInTitle')}</Title>
          <Text size="sm" c="dimmed">{t('account.signInIntro')}</Text>
        </div>
        <TextInput label={t('account.serverUrl')} placeholder="https://support.example.com" value={serverUrl} onChange={(e) => setServerUrl(e.currentTarget.value)} error={fieldError('serverUrl')} ref={ref('serverUrl')} data-testid="sign-in-server" required />
        <TextInput label={t('account.email')} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError('email')} ref={ref('email')} data-testid="sign-in-email" required />
        <PasswordInput label={t('account.password')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError('password')} ref={ref('password')} data-testid="sign-in-password" required />
        {formError ? <Alert color="red" role="alert" data-testid="sign-in-error">{formError}</Alert> : null}
        {resetSent ? <Alert color="teal">{t('account.resetSent', { email })}</Alert> : null}
        {resetError ? <Alert color="red">{errorText(resetError, t)}</Alert> : null}
        <Group justify="space-between">
          <Anchor component="button" type="button" size="sm" onClick={() => void forgot()}>{t('account.forgotPassword')}</Anchor>
          <Button type="submit" leftSection={<IconLogin size={16} aria-hidden />} loading={signIn.isPending} data-testid="sign-in-submit">
            {t('account.signIn')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}


export function AccountPage() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const account = useAccount();
  const status = useSyncStatus();
  const signOut = useSignOut();
  const [serverUrl, setServerUrl] = useState('');
  if (account.isPending) return <Loader aria-label={t('common.loading')} />;
  const acc = account.data;
  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>{t('nav.account')}</Title>
        <Text c="dimmed">{t('account.intro')}</Text>
      </div>
      {!acc ? (
        <Stack gap="md">
          <SignInForm onServer={setServerUrl} />
          <AccessRequest serverUrl={serverUrl} />
        </Stack>
      ) : (
        <Card withBorder padding="lg" maw={640} data-testid="account-card">
          <Group justify="space-between" align="flex-start">
            <Stack gap={2}>
              <Text fw={700} size="lg">{acc.name}</Text>
              <Text size="sm">{acc.email}</Text>
              <Group gap="xs">
                <Text size="sm" c="dimmed">{acc.companyName}</Text>
                {roleLabel[acc.productRole] ? <Badge variant="light">{t(roleLabel[acc.productRole])}</Badge> : null}
              </Group>
              <Text size="xs" c="dimmed">{t('account.server', { url: acc.serverUrl })}</Text>
              {status.data?.lastSyncAt ? (
                <Text size="xs" c="dimmed">{t('account.lastSync', { time: formatDateTime(status.data.lastSyncAt, prefs) })}</Text>
              ) : null}
            </Stack>
            <Button variant="default" leftSection={<IconLogout size={16} aria-hidden />} onClick={() => signOut.mutate()} loading={signOut.isPending} data-testid="sign-out">
              {t('account.signOut')}
            </Button>
          </Group>
        </Card>
      )}
      {acc ? <PortalUsers /> : <EmptyState icon={<IconUsers size={32} />} title={t('empty.accountTitle')} text={t('empty.accountText')} />}
    </Stack>
  );
}
