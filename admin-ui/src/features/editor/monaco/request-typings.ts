import type { Monaco } from './setup';

/** Where the endpoint's request types live beside the sandbox typings (one file: one endpoint is edited at a time). */
const REQUEST_TYPES_URI = 'file:///scriptgate/request-schema.d.ts';

/**
 * Gives both language services the declarations made from the endpoint's request schema
 * (`requestTypings` in lib/schema-to-ts.ts), replacing the previous ones; the returned function
 * takes them away again, so the next endpoint opened is not typed by this one's schema.
 */
export function applyRequestTypings(monaco: Monaco, declarations: string): () => void {
  const { typescript } = monaco.languages;
  // Monaco makes a model of an extra lib when it shows a diagnostic's related information in it
  // ("Did you mean 'email'?"), and from then on the worker reads that model instead of the lib:
  // a model left from earlier declarations would keep typing the scenario by them.
  const dropModel = () => monaco.editor.getModel(monaco.Uri.parse(REQUEST_TYPES_URI))?.dispose();
  dropModel();
  const libs = [typescript.typescriptDefaults, typescript.javascriptDefaults].map((defaults) =>
    defaults.addExtraLib(declarations, REQUEST_TYPES_URI),
  );
  return () => {
    libs.forEach((lib) => lib.dispose());
    dropModel();
  };
}
