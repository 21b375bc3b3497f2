// What `backlint init` writes: a commented starter config for both trackers' export files.
export const STARTER_CONFIG = `# backlint configuration: see "Configuration" in node_modules/backlint/README.md; \`npx backlint rules\` lists the rules and where their docs are.
# yaml-language-server: $schema=./node_modules/backlint/backlint.schema.json

sources:
  # A saved Jira search response, e.g.:
  #   curl -u "$JIRA_EMAIL:$JIRA_API_TOKEN" \\
  #     "https://your-site.atlassian.net/rest/api/3/search/jql?jql=project=PAY&fields=*all&expand=names&maxResults=100" > exports/jira.json
  - name: jira
    type: jira-export
    path: exports/jira.json
    fields:
      productOwner: Product Owner          # a user or multi-user picker field, by name or id (customfield_10050)
      productManager: Product Manager      # or a list of fields: an item reads whichever it carries
      acceptanceCriteria: Acceptance Criteria

  # Or the Jira site itself (Cloud: an API token; Data Center: deployment: datacenter, auth: { bearer: "\${env:JIRA_PAT}" }).
  # \`backlint doctor\` checks the connection, the token, the JQL and the field mapping.
  # - name: jira-live
  #   type: jira
  #   baseUrl: https://your-site.atlassian.net
  #   auth: { email: you@example.com, token: "\${env:JIRA_API_TOKEN}" }
  #   projects: [PAY]                      # or jql: project = PAY AND sprint in openSprints()
  #   fields:
  #     productOwner: Product Owner
  #     productManager: Product Manager

  # A saved Azure DevOps work items batch response (POST _apis/wit/workitemsbatch).
  # - name: boards
  #   type: azure-devops-export
  #   path: exports/azure-devops.json
  #   fields:
  #     productOwner: Custom.ProductOwner
  #     productManager: Custom.ProductManager

  # Azure DevOps Boards, live: a PAT with the scope Work Items (Read), from the environment.
  # - name: boards-live
  #   type: azure-devops
  #   orgUrl: https://dev.azure.com/your-org    # Server: https://host/tfs/DefaultCollection
  #   project: Your Project
  #   auth:
  #     token: \${env:AZURE_DEVOPS_PAT}
  #   fields:
  #     productOwner: Product Owner
  #     productManager: Product Manager

# Who holds which role, by email, account id or display name (optional; enables owner-role-mismatch).
# roles:
#   productOwners: [ana.souza@example.com]
#   productManagers: [li.wei@example.com]
#   both: []                               # small organisations: one person, both roles

# Severity per rule: off, warn or error. \`backlint rules\` lists them.
rules:
  story-acceptance-criteria: error
  story-po-owner: error
  epic-pm-owner: error
  roadmap-pm-owner: error
  owner-role-mismatch: warn
  owner-inactive: error
`;
