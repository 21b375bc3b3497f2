// Who is a PO and who is a PM (SPEC §4): matched on email, account id or display name, case-insensitively.
import type { Person } from './model.js';

export interface RolesInput {
  productOwners: readonly string[];
  productManagers: readonly string[];
  both: readonly string[];
}

export interface ListedRoles {
  productOwner: boolean;
  productManager: boolean;
}

export interface RoleMatcher {
  /** Whether any role list is configured at all. */
  readonly configured: boolean;
  /** The roles a person is listed with, or null for a person on no list. */
  rolesOf(person: Person): ListedRoles | null;
}

export function createRoleMatcher(roles: RolesInput | undefined): RoleMatcher {
  const normalise = (list: readonly string[] | undefined) => new Set((list ?? []).map((entry) => entry.trim().toLowerCase()));
  const owners = normalise(roles?.productOwners);
  const managers = normalise(roles?.productManagers);
  const both = normalise(roles?.both);
  const listed = (set: Set<string>, keys: string[]) => keys.some((key) => set.has(key));
  return {
    configured: owners.size + managers.size + both.size > 0,
    rolesOf(person) {
      const keys = [person.email, person.id, person.displayName]
        .filter((value): value is string => typeof value === 'string' && value !== '')
        .map((value) => value.trim().toLowerCase());
      const isBoth = listed(both, keys);
      const productOwner = isBoth || listed(owners, keys);
      const productManager = isBoth || listed(managers, keys);
      return productOwner || productManager ? { productOwner, productManager } : null;
    },
  };
}

/**
 * Roster owners count as listed in their role unless `roles` lists them (SPEC §4): a person the roster
 * names as a team's PO is a Product Owner wherever they own an item, a team's PM a Product Manager,
 * unless `roles` says otherwise. `teams`: the roster's teams, each with the people as written.
 */
export function withRosterRoles(roles: RoleMatcher, teams: readonly { productOwners: readonly string[]; productManagers: readonly string[] }[]): RoleMatcher {
  if (teams.length === 0) return roles;
  const fromRoster = createRoleMatcher({ productOwners: teams.flatMap((team) => team.productOwners), productManagers: teams.flatMap((team) => team.productManagers), both: [] });
  return { configured: roles.configured, rolesOf: (person) => roles.rolesOf(person) ?? fromRoster.rolesOf(person) };
}
