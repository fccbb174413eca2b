import {
  attributesOf,
  builtinOf,
  elementsOf,
  enumerationOf,
  isOpen,
  simpleContentBaseOf,
  type XsdModel,
} from './xsd-model';

/**
 * Checks an entity's JSON against the XSD model the way QBO's JSON reader (Jackson over the JAXB classes) does:
 * unknown properties, enumeration values, scalar types, and lists vs single values. Business rules come later.
 */

export interface SchemaViolation {
  /** Line[0].JournalEntryLineDetail.PostingType */
  path: string;
  /** QBO's Detail text for error 2010 */
  detail: string;
}

const JAVA_PACKAGE = 'com.intuit.schema.finance.v3';

const INTEGER_TYPES = new Set([
  'xs:int',
  'xs:integer',
  'xs:long',
  'xs:short',
  'xs:positiveInteger',
  'xs:nonNegativeInteger',
  'xs:unsignedInt',
  'xs:byte',
]);
const DECIMAL_TYPES = new Set(['xs:decimal', 'xs:double', 'xs:float']);
const JAVA_TYPE: Record<string, string> = {
  'xs:decimal': 'java.math.BigDecimal',
  'xs:double': 'java.lang.Double',
  'xs:float': 'java.lang.Float',
  'xs:boolean': 'java.lang.Boolean',
  'xs:date': 'java.util.Date',
  'xs:dateTime': 'java.util.Date',
};

const DATE = /^\d{4}-\d{2}-\d{2}([+-]\d{2}:\d{2}|Z)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const unsupported = (path: string, text: string): SchemaViolation => ({
  path,
  detail: `Property Name:${text} specified is unsupported or invalid`,
});

const javaClass = (typeName: string): string => `${JAVA_PACKAGE}.${typeName.split('.').pop()}`;

const checkScalar = (model: XsdModel, typeName: string, value: unknown, path: string): SchemaViolation | undefined => {
  if (value === null) return undefined;
  const enumeration = enumerationOf(model, typeName);
  if (enumeration) {
    if (typeof value === 'string' && enumeration.includes(value)) return undefined;
    return unsupported(
      path,
      `Can not construct instance of ${javaClass(typeName)} from String value '${String(value)}': value not one of declared Enum instance names`
    );
  }
  const builtin = typeName.startsWith('xs:') ? typeName : builtinOf(model, typeName);
  if (typeof value === 'object') {
    return unsupported(
      path,
      `Can not deserialize instance of ${JAVA_TYPE[builtin] ?? 'java.lang.String'} out of ${Array.isArray(value) ? 'START_ARRAY' : 'START_OBJECT'} token`
    );
  }
  const text = String(value);
  const bad = () =>
    unsupported(
      path,
      `Can not construct instance of ${JAVA_TYPE[builtin] ?? builtin} from String value '${text}': not a valid representation`
    );
  if (DECIMAL_TYPES.has(builtin))
    return typeof value === 'boolean' || !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? bad() : undefined;
  if (INTEGER_TYPES.has(builtin)) return typeof value === 'boolean' || !/^-?\d+$/.test(text) ? bad() : undefined;
  if (builtin === 'xs:boolean') return text === 'true' || text === 'false' ? undefined : bad();
  if (builtin === 'xs:date') return DATE.test(text) ? undefined : bad();
  if (builtin === 'xs:dateTime') return DATE_TIME.test(text) ? undefined : bad();
  return undefined;
};

const isComplex = (model: XsdModel, typeName: string | undefined): typeName is string =>
  typeName !== undefined && model.complexTypes.has(typeName);

const checkValue = (
  model: XsdModel,
  typeName: string | undefined,
  value: unknown,
  path: string,
  out: SchemaViolation[]
): void => {
  if (typeName === undefined || typeName === 'IntuitAnyType') return;
  if (!isComplex(model, typeName)) {
    const problem = checkScalar(model, typeName, value, path);
    if (problem) out.push(problem);
    return;
  }
  const simpleBase = simpleContentBaseOf(model, typeName);
  if (simpleBase && (typeof value !== 'object' || value === null)) {
    const problem = checkScalar(model, simpleBase, value, path);
    if (problem) out.push(problem);
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (value === null) return;
    out.push(
      unsupported(
        path,
        `Can not instantiate value of type [simple type, class ${javaClass(typeName)}] from ${Array.isArray(value) ? 'START_ARRAY token' : `String value ('${String(value)}')`}`
      )
    );
    return;
  }
  checkObject(model, typeName, value as Record<string, unknown>, path, out, simpleBase);
};

const checkObject = (
  model: XsdModel,
  typeName: string,
  value: Record<string, unknown>,
  path: string,
  out: SchemaViolation[],
  simpleBase?: string
): void => {
  const elements = elementsOf(model, typeName);
  const attributes = attributesOf(model, typeName);
  const open = isOpen(model, typeName);
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (simpleBase && key === 'value') {
      const problem = checkScalar(model, simpleBase, child, childPath);
      if (problem) out.push(problem);
      continue;
    }
    const element = elements.get(key);
    if (element) {
      if (element.maxOccurs > 1) {
        if (!Array.isArray(child)) {
          if (child !== null)
            out.push(
              unsupported(childPath, 'Can not deserialize instance of java.util.ArrayList out of START_OBJECT token')
            );
          continue;
        }
        child.forEach((item, index) => {
          checkValue(model, element.type, item, `${childPath}[${index}]`, out);
        });
      } else if (Array.isArray(child)) {
        out.push(
          unsupported(
            childPath,
            `Can not deserialize instance of ${element.type ? javaClass(element.type) : 'java.lang.Object'} out of START_ARRAY token`
          )
        );
      } else {
        checkValue(model, element.type, child, childPath, out);
      }
      continue;
    }
    const attribute = attributes.get(key);
    if (attribute) {
      const problem = checkScalar(model, attribute, child, childPath);
      if (problem) out.push(problem);
      continue;
    }
    if (!open)
      out.push(
        unsupported(childPath, `Unrecognized field "${key}" (class ${javaClass(typeName)}), not marked as ignorable`)
      );
  }
};

/** Every way `value` breaks the XSD rules for `entity` (e.g. 'JournalEntry'). */
export const validateAgainstXsd = (model: XsdModel, entity: string, value: unknown): SchemaViolation[] => {
  const out: SchemaViolation[] = [];
  checkValue(model, entity, value, '', out);
  return out;
};
