// Types of node-check.js (plain JavaScript so that old Node versions can run it), for the tests and
// editors; keep in step with the implementation.
export declare const MIN_NODE: string;
export declare function versionLessThan(a: string, b: string): boolean;
export declare function checkNodeVersion(versions: { node?: string } | undefined): string | null;
export declare function stripTypesFlagNeeded(features: { typescript?: unknown } | undefined): boolean;
