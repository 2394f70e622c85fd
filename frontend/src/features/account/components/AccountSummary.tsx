import { Anchor, Badge, Card, Group, Text } from '@mantine/core';
import { IconUserCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAccount } from '../api/account';
import { roleLabel } from './roles';

/**
 * Who is signed in, for the home screen: the first thing seen after the
 * link from the invitation e-mail signed the person in; before any
 * sign-in, the way to it.
 */
export function AccountSummary() {
  const { t } = useTranslation();
  const account = useAccount();
  if (account.isPending || account.isError) return null;
  const acc = account.data;
  if (!acc) {
    return (
      <Group gap="xs" data-testid="home-account">
        <Text size="sm">{t('account.notSignedIn')}</Text>
        <Anchor component={Link} to="/account" size="sm">
          {t('account.signIn')}
        </Anchor>
      </Group>
    );
  }
  return (
    <Card withBorder padding="sm" radius="md" data-testid="home-account">
      <Group gap="sm" wrap="nowrap">
        <IconUserCheck size={22} aria-hidden color="var(--mantine-color-teal-7)" />
        <div>
          <Group gap="xs">
            <Text fw={600}>{t('account.signedInAs', { name: acc.name })}</Text>
            {roleLabel[acc.productRole] ? <Badge variant="light">{t(roleLabel[acc.productRole])}</Badge> : null}
          </Group>
          <Text size="sm">
            {acc.email} · {acc.companyName}
          </Text>
        </div>
      </Group>
    </Card>
  );
}
