import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFieldErrors } from '../../../hooks/useFieldErrors';
import type { app } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { useDismissPasswordLink, usePasswordLink, useSetPasswordFromLink } from '../api/account';

/**
 * "Choose your password": where the link from an invitation or reset
 * e-mail (supportportal://) lands in the app, over whatever screen is open.
 * The password is set on the link's server, then the app signs in as the
 * person the server names and shows the home screen.
 */
export function PasswordLinkDialog() {
  const { t } = useTranslation();
  const link = usePasswordLink();
  const dismiss = useDismissPasswordLink();
  // Set, but signing in did not work: said here until closed.
  const [setOnly, setSetOnly] = useState<app.SetPasswordResult | null>(null);
  const navigate = useNavigate();
  const opened = !!link.data || link.isError || !!setOnly;
  const close = () => {
    if (setOnly) {
      setSetOnly(null);
      navigate('/account');
    } else {
      dismiss.mutate();
    }
  };

  let body;
  if (setOnly) {
    body = (
      <Stack gap="md">
        <Alert color="orange" role="alert" data-testid="set-password-signin-failed">
          {t('account.passwordSetSignInFailed', { email: setOnly.email, error: errorText(JSON.stringify(setOnly.signInError), t) })}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={close}>{t('account.goToSignIn')}</Button>
        </Group>
      </Stack>
    );
  } else if (link.isError) {
    body = (
      <Stack gap="md">
        <Alert color="red" role="alert" data-testid="link-error">{errorText(link.error, t)}</Alert>
        <Text size="sm">{t('account.linkErrorHint')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close} loading={dismiss.isPending} data-testid="link-error-close">{t('common.close')}</Button>
        </Group>
      </Stack>
    );
  } else if (link.data) {
    body = (
      <SetPasswordForm
        key={link.data.server}
        link={link.data}
        onCancel={close}
        onDone={(r) => {
          if (r.account) navigate('/');
          else setSetOnly(r);
        }}
      />
    );
  }
  return (
    <Modal opened={opened} onClose={close} title={t('account.choosePasswordTitle')} closeOnClickOutside={false} closeButtonProps={{ 'aria-label': t('common.close') }} centered size="md" data-testid="set-password">
      {body}
    </Modal>
  );
}

function SetPasswordForm(props: { link: app.PasswordLink; onCancel: () => void; onDone: (r: app.SetPasswordResult) => void }) {
  const { t } = useTranslation();
  const { link, onDone } = props;
  const [serverUrl, setServerUrl] = useState(link.server);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const save = useSetPasswordFromLink();
  const { at: fieldError, formError, ref } = useFieldErrors(save.isError ? save.error : null);
  const submit = () => {
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    // The dialog, not this form, acts on the outcome: the form goes as
    // soon as the used link does.
    save.mutateAsync({ serverUrl, password }).then(onDone, () => undefined);
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="md">
        <Text size="sm">{t('account.choosePasswordIntro')}</Text>
        {link.confirmServer ? (
          <TextInput
            label={t('account.serverUrl')}
            description={t('account.confirmServer')}
            value={serverUrl}
            onChange={(e) => setServerUrl(e.currentTarget.value)}
            error={fieldError('serverUrl')}
            ref={ref('serverUrl')}
            data-testid="set-password-server"
            required
          />
        ) : (
          <Text size="sm" c="dimmed" data-testid="set-password-server-name">
            {t('account.server', { url: link.server })}
          </Text>
        )}
        <PasswordInput
          label={t('account.newPassword')}
          description={t('account.passwordRules', { count: link.minPasswordLength })}
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError('password')}
          ref={ref('password')}
          data-testid="set-password-new"
          required
          data-autofocus
        />
        <PasswordInput
          label={t('account.repeatPassword')}
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => {
            setConfirm(e.currentTarget.value);
            setMismatch(false);
          }}
          error={mismatch ? t('account.passwordsDiffer') : undefined}
          data-testid="set-password-repeat"
          required
        />
        {/* The server is not a field here unless it is asked for: its
            errors show with the form's. */}
        {formError || (!link.confirmServer && fieldError('serverUrl')) ? (
          <Alert color="red" role="alert" data-testid="set-password-error">{formError ?? fieldError('serverUrl')}</Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onCancel} disabled={save.isPending}>{t('common.cancel')}</Button>
          <Button type="submit" leftSection={<IconKey size={16} aria-hidden />} loading={save.isPending} data-testid="set-password-submit">
            {t('account.setPasswordAndSignIn')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
