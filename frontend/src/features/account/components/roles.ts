/** Translation keys of the roles a person has in the vendor's product. */
export const roleLabel: Record<string, string> = {
  account_owner: 'account.roleOwner',
  administrator: 'account.roleAdmin',
  other: 'account.roleOther',
};
