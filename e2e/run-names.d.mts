export function e2eDatabaseName(root?: string): string;
export function e2eDeployDir(databaseName?: string): string;
export function e2eAuthSecret(): string;
