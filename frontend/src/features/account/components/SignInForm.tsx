import { Alert, Anchor, Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconChevronDown, IconLogin } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../../../hooks/useFieldErrors';
import { errorText } from '../../../lib/errors';
import { useConfiguredServer, useForgotPassword, useLastAccount, useSignIn } from '../api/account';

/**
 * Sign-in to the vendor's support server with the credentials from the
 * invitation e-mail. Errors appear at the field they concern. When the app
 * is set up for a server (ConfiguredServer), the form asks for e-mail and
 * password only; "Advanced" shows the address, for another server.
 */
export function SignInForm(props: { onServer: (url: string) => void }) {
  const { t } = useTranslation();
  const last = useLastAccount();
  const signIn = useSignIn();
  const forgot = useForgotPassword();
  const configured = useConfiguredServer();
  const preset = configured.data ?? '';
  // The address typed (null: none yet, so the last account's, else the
  // configured one).
  const [typed, setServerUrl] = useState<string | null>(null);
  const [advanced, setAdvanced] = useState(false);
  const serverUrl = typed ?? (last.data?.serverUrl || preset);
  const { onServer } = props;
  // The access-request form below sends to the same server address.
  useEffect(() => onServer(serverUrl), [serverUrl, onServer]);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // The last account's e-mail fills the box when it is empty whenever the
  // account is (re)loaded.
  const [seen, setSeen] = useState<typeof last.data>(undefined);
  if (last.data !== seen) {
    const l = last.data;
    setSeen(l);
    if (l) setEmail((v) => v || l.email);
  }

  const { at: fieldError, formError, ref } = useFieldErrors(signIn.isError ? signIn.error : null);
  // Without a configured server the address is part of the form; with one,
  // it shows under Advanced, and whenever it is another server (the last
  // account's) or was refused: an address is never sent unseen.
  const showServer = (!preset && !configured.isPending) || advanced || (serverUrl !== '' && !sameServer(serverUrl, preset)) || !!fieldError('serverUrl');
  const toggleAdvanced = () => {
    // Closing Advanced goes back to the configured server.
    if (showServer) setServerUrl(preset);
    setAdvanced(!showServer);
  };

  return (
    <Card withBorder padding="lg" maw={520} component="form" onSubmit={(e) => { e.preventDefault(); signIn.mutate({ serverUrl, email, password }); }} noValidate data-testid="sign-in">
      <Stack gap="md">
        <div>
          <Title order={3} size="h4">{t('account.signInTitle')}</Title>
          <Text size="sm" c="dimmed">{t(preset ? 'account.signInIntroPreset' : 'account.signInIntro')}</Text>
        </div>
        {showServer ? (
          <TextInput id="sign-in-server" label={t('account.serverUrl')} description={preset ? t('account.serverUrlAdvanced', { url: preset }) : undefined} placeholder="https://support.example.com" value={serverUrl} onChange={(e) => setServerUrl(e.currentTarget.value)} error={fieldError('serverUrl')} ref={ref('serverUrl')} data-testid="sign-in-server" required />
        ) : null}
        <TextInput label={t('account.email')} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError('email')} ref={ref('email')} data-testid="sign-in-email" required />
        <PasswordInput label={t('account.password')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError('password')} ref={ref('password')} data-testid="sign-in-password" required />
        {formError ? <Alert color="red" role="alert" data-testid="sign-in-error">{formError}</Alert> : null}
        {forgot.isSuccess ? <Alert color="teal">{t('account.resetSent', { email })}</Alert> : null}
        {forgot.isError ? <Alert color="red">{errorText(forgot.error, t)}</Alert> : null}
        <Group justify="space-between">
          <Group gap="md">
            <Anchor component="button" type="button" size="sm" onClick={() => forgot.mutate({ serverUrl, email })}>{t('account.forgotPassword')}</Anchor>
            {preset ? (
              <Anchor component="button" type="button" size="sm" onClick={toggleAdvanced} aria-expanded={showServer} aria-controls={showServer ? 'sign-in-server' : undefined} data-testid="sign-in-advanced">
                <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
                  {t('account.advanced')}
                  <IconChevronDown size={14} aria-hidden style={{ transform: showServer ? 'rotate(180deg)' : undefined }} />
                </span>
              </Anchor>
            ) : null}
          </Group>
          <Button type="submit" leftSection={<IconLogin size={16} aria-hidden />} loading={signIn.isPending} data-testid="sign-in-submit">
            {t('account.signIn')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Whether two server addresses name the same server (scheme and host in any case). */
function sameServer(a: string, b: string) {
  const norm = (u: string) => {
    try {
      const p = new URL(u.trim());
      return `${p.protocol}//${p.host}${p.pathname.replace(/\/+$/, '')}`.toLowerCase();
    } catch {
      return u.trim().toLowerCase();
    }
  };
  return norm(a) === norm(b);
}
