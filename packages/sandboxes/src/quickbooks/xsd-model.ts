import { XMLParser } from 'fast-xml-parser';
import { readSpec, type SpecFile } from '../core/specs';

/**
 * The parts of Intuit's XSDs the sandbox validates JSON with: complex types (elements with cardinality, attributes,
 * base types), simple types (enumerations and bases) and groups. Read once at startup with fast-xml-parser.
 */

export interface XsdElement {
  name: string;
  /** a named type, an xs: built-in, or the name given to an anonymous inline type; undefined = anything */
  type?: string;
  maxOccurs: number;
}

export interface XsdComplexType {
  name: string;
  base?: string;
  /** xs:simpleContent: the JSON form is {value, <attributes>} (e.g. ReferenceType) */
  simpleContentBase?: string;
  elements: Map<string, XsdElement>;
  attributes: Map<string, string>;
  groupRefs: string[];
  /** xs:any: further properties are allowed */
  open: boolean;
}

export interface XsdSimpleType {
  name: string;
  base?: string;
  enumeration?: string[];
}

export interface XsdModel {
  complexTypes: Map<string, XsdComplexType>;
  simpleTypes: Map<string, XsdSimpleType>;
  groups: Map<string, XsdComplexType>;
  /** top-level xs:element name → type */
  rootElements: Map<string, string>;
}

const XSD_FILES: SpecFile[] = [
  'quickbooks/xsd/IntuitBaseTypes.xsd',
  'quickbooks/xsd/IntuitNamesTypes.xsd',
  'quickbooks/xsd/Finance.xsd',
  'quickbooks/xsd/SalesTax.xsd',
  'quickbooks/xsd/Report.xsd',
  'quickbooks/xsd/IntuitRestServiceDef.xsd',
];

const REPEATED = new Set([
  'element',
  'complexType',
  'simpleType',
  'enumeration',
  'attribute',
  'sequence',
  'choice',
  'all',
  'group',
  'include',
  'any',
]);

type XmlNode = Record<string, unknown>;

const children = (node: XmlNode | undefined, name: string): XmlNode[] => {
  const value = node?.[name];
  if (Array.isArray(value)) return value.filter((v): v is XmlNode => typeof v === 'object' && v !== null);
  return typeof value === 'object' && value !== null ? [value as XmlNode] : [];
};

const child = (node: XmlNode | undefined, name: string): XmlNode | undefined => children(node, name)[0];

const attr = (node: XmlNode, name: string): string | undefined => {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
};

const maxOccursOf = (node: XmlNode): number => {
  const value = attr(node, 'maxOccurs');
  if (value === 'unbounded') return Number.POSITIVE_INFINITY;
  return value === undefined ? 1 : Number(value);
};

class ModelBuilder {
  readonly model: XsdModel = {
    complexTypes: new Map(),
    simpleTypes: new Map(),
    groups: new Map(),
    rootElements: new Map(),
  };

  addSchema(schema: XmlNode): void {
    for (const node of children(schema, 'simpleType')) this.simpleType(node, attr(node, 'name') ?? '');
    for (const node of children(schema, 'complexType')) this.complexType(node, attr(node, 'name') ?? '');
    for (const node of children(schema, 'group')) {
      const name = attr(node, 'name');
      if (!name) continue;
      const group = this.emptyType(name);
      this.collectParticles(node, group, name);
      this.model.groups.set(name, group);
    }
    for (const node of children(schema, 'element')) {
      const name = attr(node, 'name');
      const type = attr(node, 'type');
      if (name && type) this.model.rootElements.set(name, type);
    }
  }

  private emptyType(name: string): XsdComplexType {
    return { name, elements: new Map(), attributes: new Map(), groupRefs: [], open: false };
  }

  private simpleType(node: XmlNode, name: string): void {
    const restriction = child(node, 'restriction');
    const enumeration = children(restriction, 'enumeration')
      .map((e) => attr(e, 'value'))
      .filter((v): v is string => v !== undefined);
    this.model.simpleTypes.set(name, {
      name,
      base: restriction ? attr(restriction, 'base') : undefined,
      ...(enumeration.length > 0 ? { enumeration } : {}),
    });
  }

  private complexType(node: XmlNode, name: string): void {
    const type = this.emptyType(name);
    const complexContent = child(node, 'complexContent');
    const simpleContent = child(node, 'simpleContent');
    const derivation = child(complexContent, 'extension') ?? child(complexContent, 'restriction');
    if (derivation) {
      type.base = attr(derivation, 'base');
      this.collectParticles(derivation, type, name);
    } else if (simpleContent) {
      const ext = child(simpleContent, 'extension') ?? child(simpleContent, 'restriction');
      type.simpleContentBase = ext ? attr(ext, 'base') : 'xs:string';
      if (ext) this.collectAttributes(ext, type);
    } else {
      this.collectParticles(node, type, name);
    }
    this.model.complexTypes.set(name, type);
  }

  private collectAttributes(node: XmlNode, type: XsdComplexType): void {
    for (const a of children(node, 'attribute')) {
      const name = attr(a, 'name');
      if (name) type.attributes.set(name, attr(a, 'type') ?? 'xs:string');
    }
  }

  /** Elements under sequence/choice/all at any depth, group references, xs:any and attributes. */
  private collectParticles(node: XmlNode, type: XsdComplexType, owner: string): void {
    this.collectAttributes(node, type);
    if (children(node, 'any').length > 0) type.open = true;
    for (const g of children(node, 'group')) {
      const ref = attr(g, 'ref');
      if (ref) type.groupRefs.push(ref);
    }
    for (const e of children(node, 'element')) {
      const name = attr(e, 'name') ?? attr(e, 'ref');
      if (!name) continue;
      let elementType =
        attr(e, 'type') ?? (attr(e, 'ref') ? this.model.rootElements.get(attr(e, 'ref') ?? '') : undefined);
      const inline = child(e, 'complexType');
      if (inline) {
        elementType = `${owner}.${name}`;
        this.complexType(inline, elementType);
      }
      const inlineSimple = child(e, 'simpleType');
      if (inlineSimple) {
        elementType = `${owner}.${name}`;
        this.simpleType(inlineSimple, elementType);
      }
      type.elements.set(name, { name, type: elementType, maxOccurs: maxOccursOf(e) });
    }
    for (const container of ['sequence', 'choice', 'all']) {
      for (const c of children(node, container)) this.collectParticles(c, type, owner);
    }
  }
}

let cached: XsdModel | undefined;

export const loadXsdModel = (): XsdModel => {
  if (cached) return cached;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    stopNodes: ['*.annotation'],
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
  });
  const builder = new ModelBuilder();
  for (const file of XSD_FILES) {
    const doc = parser.parse(readSpec(file)) as XmlNode;
    const schema = child(doc, 'schema');
    if (schema) builder.addSchema(schema);
  }
  cached = builder.model;
  return cached;
};

/** Elements of a complex type including those of its base types and referenced groups. */
export const elementsOf = (model: XsdModel, typeName: string): Map<string, XsdElement> => {
  const out = new Map<string, XsdElement>();
  const seen = new Set<string>();
  const visit = (type: XsdComplexType | undefined) => {
    if (!type || seen.has(type.name)) return;
    seen.add(type.name);
    if (type.base) visit(model.complexTypes.get(type.base));
    for (const ref of type.groupRefs) visit(model.groups.get(ref));
    for (const [name, element] of type.elements) out.set(name, element);
  };
  visit(model.complexTypes.get(typeName));
  return out;
};

export const attributesOf = (model: XsdModel, typeName: string): Map<string, string> => {
  const out = new Map<string, string>();
  let type = model.complexTypes.get(typeName);
  const seen = new Set<string>();
  while (type && !seen.has(type.name)) {
    seen.add(type.name);
    for (const [name, t] of type.attributes) if (!out.has(name)) out.set(name, t);
    type = type.base ? model.complexTypes.get(type.base) : undefined;
  }
  return out;
};

export const isOpen = (model: XsdModel, typeName: string): boolean => {
  let type = model.complexTypes.get(typeName);
  const seen = new Set<string>();
  while (type && !seen.has(type.name)) {
    if (type.open) return true;
    seen.add(type.name);
    type = type.base ? model.complexTypes.get(type.base) : undefined;
  }
  return false;
};

export const simpleContentBaseOf = (model: XsdModel, typeName: string): string | undefined => {
  let type = model.complexTypes.get(typeName);
  const seen = new Set<string>();
  while (type && !seen.has(type.name)) {
    if (type.simpleContentBase) return type.simpleContentBase;
    seen.add(type.name);
    type = type.base ? model.complexTypes.get(type.base) : undefined;
  }
  return undefined;
};

/** The enumeration a simple type (or one of its bases) restricts values to. */
export const enumerationOf = (model: XsdModel, typeName: string): string[] | undefined => {
  let type = model.simpleTypes.get(typeName);
  const seen = new Set<string>();
  while (type && !seen.has(type.name)) {
    if (type.enumeration) return type.enumeration;
    seen.add(type.name);
    type = type.base ? model.simpleTypes.get(type.base) : undefined;
  }
  return undefined;
};

/** The xs: built-in a simple type derives from (xs:string when unknown). */
export const builtinOf = (model: XsdModel, typeName: string): string => {
  let name = typeName;
  const seen = new Set<string>();
  while (!name.startsWith('xs:') && !seen.has(name)) {
    seen.add(name);
    const type = model.simpleTypes.get(name);
    if (!type?.base) return 'xs:string';
    name = type.base;
  }
  return name.startsWith('xs:') ? name : 'xs:string';
};
