import type { EndpointFormValues, FieldErrors } from '../../lib/form-model';

export interface SectionProps {
  values: EndpointFormValues;
  errors: FieldErrors;
  set: (patch: Partial<EndpointFormValues>) => void;
  readOnly: boolean;
}
