import { Alert, Badge, Button, Card, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { useFormatPrefs } from '../../../lib/settings';
import { useCompanyAccount, useDismissRefusedChange, useTogglePortalUser } from '../api/account';
import { RequestUserModal } from './RequestUserModal';
import { roleLabel } from './roles';

/**
 * Whether only the vendor may change this user's access: a deactivation the
 * vendor made, or deactivating the Account Owner (portal.CheckCompanyAccessChange).
 */
function vendorOnly(u: portal.AccountUser): boolean {
  return u.portalAccess === 'active' ? u.productRole === 'account_owner' : u.deactivatedBy === 'vendor';
}

export function PortalUsers() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const data = useCompanyAccount();
  const [requesting, setRequesting] = useState(false);
  const [confirm, setConfirm] = useState<portal.AccountUser | null>(null);
  const toggle = useTogglePortalUser();
  const dismiss = useDismissRefusedChange();
  if (data.isError) return <Alert color="red">{errorText(data.error, t)}</Alert>;
  const v = data.data;
  const acc = v?.account;
  const queued = v?.queued ?? [];
  const waitingFor = (id: string) => queued.some((q) => q.personId === id && !q.refused);

  return (
    <Card withBorder padding="lg" data-testid="portal-users">
      <Stack gap="md">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={3} size="h4">{t('users.title')}</Title>
            {acc ? (
              <Badge size="lg" variant="light" tt="none" color={acc.userLimit > 0 && acc.activeUsers >= acc.userLimit ? 'orange' : 'blue'} data-testid="users-count">
                {t('users.activeOf', { active: acc.activeUsers, limit: acc.userLimit })}
              </Badge>
            ) : null}
          </Group>
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setRequesting(true)} data-testid="request-user">
            {t('users.request')}
          </Button>
        </Group>
        {v?.fetchedAt ? <Text size="xs" c="dimmed">{t('users.asOf', { time: formatDateTime(v.fetchedAt, prefs) })}</Text> : null}
        {!acc ? (
          <Text c="dimmed" size="sm">{t('users.notYet')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('users.name')}</Table.Th>
                  <Table.Th>{t('account.email')}</Table.Th>
                  <Table.Th>{t('users.roleShort')}</Table.Th>
                  <Table.Th>{t('users.status')}</Table.Th>
                  <Table.Th>{t('users.lastSignIn')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {acc.users.map((u) => (
                  <Table.Tr key={u.id} data-testid="user-row">
                    <Table.Td>{u.name}{u.id === v?.me ? <Text span c="dimmed" size="sm"> ({t('users.you')})</Text> : null}</Table.Td>
                    <Table.Td>{u.email}</Table.Td>
                    <Table.Td>{roleLabel[u.productRole] ? t(roleLabel[u.productRole]) : u.productRole}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {/* Whole words: a narrow column cut "Deactivated" to "Deacti…". */}
                      <Badge variant="light" color={u.portalAccess === 'active' ? 'teal' : 'gray'} tt="none" style={{ overflow: 'visible' }} styles={{ label: { overflow: 'visible' } }} data-testid="user-status">
                        {u.portalAccess === 'active'
                          ? t('users.active')
                          : u.deactivatedBy === 'vendor'
                            ? t('users.deactivatedByVendor')
                            : t('users.deactivated')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt, prefs) : t('users.never')}</Table.Td>
                    <Table.Td>
                      {waitingFor(u.id) ? (
                        <Text size="sm" c="dimmed">{t('status.case.waiting_to_send')}</Text>
                      ) : vendorOnly(u) ? (
                        // The vendor's decisions: the server would refuse.
                        <Text size="xs" c="dimmed" data-testid="vendor-only">
                          {u.portalAccess === 'active' ? t('users.ownerProtected') : t('users.vendorDecision')}
                        </Text>
                      ) : (
                        <Button size="xs" variant="subtle" color={u.portalAccess === 'active' ? 'red' : 'teal'} onClick={() => setConfirm(u)} data-testid="user-toggle">
                          {u.portalAccess === 'active' ? t('users.deactivate') : t('users.reactivate')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {(acc?.pendingRequests ?? []).length > 0 || queued.length > 0 ? (
          <Stack gap={6} data-testid="requests">
            <Text fw={600} size="sm">{t('users.requests')}</Text>
            {(acc?.pendingRequests ?? []).map((r) => (
              <Group key={r.id} justify="space-between" data-testid="pending-request">
                <Text size="sm">{r.name} · {r.email}</Text>
                <Badge variant="light" color="yellow" tt="none">{t('users.pendingApproval')}</Badge>
              </Group>
            ))}
            {queued.map((q) => (
              <Group key={q.id} justify="space-between" data-testid="queued-change">
                <Text size="sm">
                  {q.kind === 'request' && q.request ? `${q.request.firstName} ${q.request.lastName} · ${q.request.email}` : t(`users.queued_${q.kind}`, { name: acc?.users.find((u) => u.id === q.personId)?.name ?? '' })}
                </Text>
                {q.refused ? (
                  <Group gap="xs">
                    <Text size="sm" c="red">{errorText(JSON.stringify(q.refused), t)}</Text>
                    <Button size="xs" variant="subtle" onClick={() => dismiss.mutate(q.id)}>{t('users.dismiss')}</Button>
                  </Group>
                ) : (
                  <Badge variant="light" color="orange" tt="none">{t('status.case.waiting_to_send')}</Badge>
                )}
              </Group>
            ))}
          </Stack>
        ) : null}
      </Stack>
      <RequestUserModal opened={requesting} onClose={() => setRequesting(false)} />
      <Modal opened={!!confirm} onClose={() => setConfirm(null)} closeButtonProps={{ 'aria-label': t('common.close') }} title={confirm?.portalAccess === 'active' ? t('users.confirmDeactivateTitle') : t('users.confirmReactivateTitle')}>
        <Stack>
          <Text size="sm">{confirm ? t(confirm.portalAccess === 'active' ? 'users.confirmDeactivate' : 'users.confirmReactivate', { name: confirm.name }) : null}</Text>
          {toggle.isError ? <Alert color="red" role="alert" data-testid="toggle-error">{errorText(toggle.error, t)}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>{t('users.cancel')}</Button>
            <Button color={confirm?.portalAccess === 'active' ? 'red' : 'teal'} onClick={() => confirm && toggle.mutate(confirm, { onSuccess: () => setConfirm(null) })} loading={toggle.isPending} data-testid="confirm-toggle">
              {confirm?.portalAccess === 'active' ? t('users.deactivate') : t('users.reactivate')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
