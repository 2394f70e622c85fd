import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../../../hooks/useFieldErrors';
import type { portal } from '../../../lib/bridge';
import { useBootstrap } from '../../../lib/settings';
import { useRequestPortalUser } from '../api/account';

/** "Request New Customer Portal User", with who qualifies and the shared-mailbox advice. */
export function RequestUserModal(props: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const vendor = useBootstrap().data?.vendor;
  const product = vendor?.productName ?? '';
  const limit = vendor?.portalUserLimit ?? 4;
  const [form, setForm] = useState({ firstName: '', lastName: '', email: '', productRole: 'administrator' });
  const send = useRequestPortalUser();
  const { at, formError, ref } = useFieldErrors(send.isError ? send.error : null);
  const submit = () =>
    send.mutate(form as portal.NewUserRequest, {
      onSuccess: () => {
        setForm({ firstName: '', lastName: '', email: '', productRole: 'administrator' });
        props.onClose();
      },
    });
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('users.requestTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={(e) => { e.preventDefault(); submit(); }} noValidate data-testid="request-user-form">
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
