import { Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconLogout, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/ui/EmptyState';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs } from '../../../lib/settings';
import { useSyncStatus } from '../../../lib/syncStatus';
import { useAccount, useSignOut } from '../api/account';
import { AccessRequest } from './AccessRequest';
import { PortalUsers } from './PortalUsers';
import { roleLabel } from './roles';
import { SignInForm } from './SignInForm';

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
