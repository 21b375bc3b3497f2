// The package's public entry: `import { check, defineRule } from 'backlint'`. What is exported here is
// what scripts and plugin authors may rely on; every other module in dist/ is internal.
export { check, type CheckOptions } from './api.js';
export { BacklintError, type ErrorCode } from './errors.js';
export { defineRule, type PluginRule as Rule, type RuleContext, type RuleMeta, type RuleResult, type TeamState } from './rule.js';
export type { RoleMatcher } from './roles.js';
export type {
  Finding,
  FindingKind,
  Kind,
  Person,
  Report,
  Severity,
  SeverityOrOff,
  SourceInfo,
  StateCategory,
  WorkItem,
} from './model.js';
export type { RichDocument } from './text/tree.js';
