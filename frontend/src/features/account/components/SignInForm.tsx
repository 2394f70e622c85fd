import { Alert, Anchor, Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../../../hooks/useFieldErrors';
import { errorText } from '../../../lib/errors';
import { useForgotPassword, useLastAccount, useSignIn } from '../api/account';

/**
 * Sign-in to the vendor's support server with the credentials from the
 * invitation e-mail. Errors appear at the field they concern.
 */
export function SignInForm(props: { onServer: (url: string) => void }) {
  const { t } = useTranslation();
  const last = useLastAccount();
  const signIn = useSignIn();
  const forgot = useForgotPassword();
  const [serverUrl, setServerUrl] = useState('');
  const { onServer } = props;
  // The access-request form below sends to the same server address.
  useEffect(() => onServer(serverUrl), [serverUrl, onServer]);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // The last account's server and e-mail fill the boxes that are empty
  // whenever it is (re)loaded.
  const [seen, setSeen] = useState<typeof last.data>(undefined);
  if (last.data !== seen) {
    const l = last.data;
    setSeen(l);
    if (l) {
      setServerUrl((v) => v || l.serverUrl);
      setEmail((v) => v || l.email);
    }
  }

  const { at: fieldError, formError, ref } = useFieldErrors(signIn.isError ? signIn.error : null);

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
        {forgot.isSuccess ? <Alert color="teal">{t('account.resetSent', { email })}</Alert> : null}
        {forgot.isError ? <Alert color="red">{errorText(forgot.error, t)}</Alert> : null}
        <Group justify="space-between">
          <Anchor component="button" type="button" size="sm" onClick={() => forgot.mutate({ serverUrl, email })}>{t('account.forgotPassword')}</Anchor>
          <Button type="submit" leftSection={<IconLogin size={16} aria-hidden />} loading={signIn.isPending} data-testid="sign-in-submit">
            {t('account.signIn')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
