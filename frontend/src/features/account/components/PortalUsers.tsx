import { Alert, Badge, Button, Card, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconInfoCircle, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Go, type portal } from '../../../lib/bridge';
import { errorText } from '../../../lib/errors';
import { useFieldErrors } from '../../../lib/useFieldErrors';
import { formatDateTime } from '../../../lib/format';
import { useBootstrap, useFormatPrefs } from '../../settings/api/settings';
import { roleLabel } from './roles';


/**
 * Whether only the vendor may change this user's access: a deactivation the
 * vendor made, or deactivating the Account Owner (portal.CheckCompanyAccessChange).
 */
function vendorOnly(u: portal.AccountUser): boolean {
  return u.portalAccess === 'active' ? u.productRole === 'account_owner' : u.deactivatedBy === 'vendor';
}

function useCompanyAccount() {
  return useQuery({ queryKey: ['companyAccount'], queryFn: () => Go.GetCompanyAccount(), refetchInterval: 5000 });
}

/** "Request New Customer Portal User", with who qualifies and the shared-mailbox advice. */
function RequestUserModal(props: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const vendor = useBootstrap().data?.vendor;
  const product = vendor?.productName ?? '';
  const limit = vendor?.portalUserLimit ?? 4;
  const [form, setForm] = useState({ firstName: '', lastName: '', email: '', productRole: 'administrator' });
  const send = useMutation({
    mutationFn: () => Go.RequestPortalUser(form as portal.NewUserRequest),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['companyAccount'] });
      setForm({ firstName: '', lastName: '', email: '', productRole: 'administrator' });
      props.onClose();
    },
  });
  const { at, formError, ref } = useFieldErrors(send.isError ? send.error : null);
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('users.requestTitle')} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); send.mutate(); }} noValidate data-testid="request-user-form">
      <Stack>
        <Alert icon={<IconInfoCircle aria-hidden />} color="blue" variant="light">
          <Text size="sm">{t('users.whoQualifies', { product })}</Text>
          <Text size="sm" mt={4}>{t('users.sharedMailbox', { limit })}</Text>
        </Alert>
        <Group grow>
          <TextInput label={t('users.firstName')} required value={form.firstName} onChange={(e) => setForm({ ...form, firstName: e.currentTarget.value })} error={at('firstName')} ref={ref('firstName')} data-testid="request-first" />
          <TextInput label={t('users.lastName')} required value={form.lastName} onChange={(e) => setForm({ ...form, lastName: e.currentTarget.value })} error={at('lastName')} ref={ref('lastName')} data-testid="request-last" />
        </Group>
        <TextInput label={t('account.email')} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} error={at('email')} ref={ref('email')} data-testid="request-email" />
        <Select
          label={t('users.role', { product })}
          data={[
            { value: 'account_owner', label: t('account.roleOwner') },
            { value: 'administrator', label: t('account.roleAdmin') },
          ]}
          value={form.productRole}
          onChange={(v) => setForm({ ...form, productRole: v ?? 'administrator' })}
          allowDeselect={false}
          error={at('productRole')}
        />
        {formError ? <Alert color="red" role="alert" data-testid="request-error">{formError}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>{t('users.cancel')}</Button>
          <Button type="submit" loading={send.isPending} data-testid="request-submit">{t('users.sendRequest')}</Button>
        </Group>
      </Stack>
      </form>
    </Modal>
  );
}

export function PortalUsers() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const qc = useQueryClient();
  const data = useCompanyAccount();
  const [requesting, setRequesting] = useState(false);
  const [confirm, setConfirm] = useState<portal.AccountUser | null>(null);
  const toggle = useMutation({
    mutationFn: (u: portal.AccountUser) => Go.SetPortalUserActive(u.id, u.portalAccess !== 'active'),
    onSuccess: () => {
      setConfirm(null);
      void qc.invalidateQueries({ queryKey: ['companyAccount'] });
    },
  });
  const dismiss = useMutation({
    mutationFn: (id: string) => Go.DismissRefusedChange(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['companyAccount'] }),
  });
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
                    <Table.Td>
                      <Badge variant="light" color={u.portalAccess === 'active' ? 'teal' : 'gray'} tt="none" data-testid="user-status">
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
      <Modal opened={!!confirm} onClose={() => setConfirm(null)} title={confirm?.portalAccess === 'active' ? t('users.confirmDeactivateTitle') : t('users.confirmReactivateTitle')}>
        <Stack>
          <Text size="sm">{confirm ? t(confirm.portalAccess === 'active' ? 'users.confirmDeactivate' : 'users.confirmReactivate', { name: confirm.name }) : null}</Text>
          {toggle.isError ? <Alert color="red" role="alert" data-testid="toggle-error">{errorText(toggle.error, t)}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>{t('users.cancel')}</Button>
            <Button color={confirm?.portalAccess === 'active' ? 'red' : 'teal'} onClick={() => confirm && toggle.mutate(confirm)} loading={toggle.isPending} data-testid="confirm-toggle">
              {confirm?.portalAccess === 'active' ? t('users.deactivate') : t('users.reactivate')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
