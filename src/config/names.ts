// The names a config file may have, in the order they are looked for: light on purpose, so that `backlint
// init` can look for one without loading the config schema (SPEC §11, start-up).
export const CONFIG_FILE_NAMES = ['backlint.config.yaml', 'backlint.config.yml', 'backlint.config.json'] as const;
