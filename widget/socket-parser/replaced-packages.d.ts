export declare const replacedPackages: Record<string, { importedBy: string; file: string }>;
export declare function replacementFor(source: string, importer: string | undefined): string | undefined;
