// `testTimeout` is a global jest option: set inside a project it is ignored, and hooks that seed
// hundreds of rows then hit jest's 5 s default on a loaded machine. Set it per file instead.
jest.setTimeout(30_000);
