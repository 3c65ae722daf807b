import ts from 'typescript';

const ANY_LIKE = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never;
const NULLISH = ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void;

/**
 * Why a value of this type cannot go through a port, by what the checker knows: a Promise (any thenable), a
 * function, the ns object, or an object or array holding one of those directly. Undefined when it can, or when the
 * type says too little (`any`, `unknown`, unresolved): the checker must be sure, never guess.
 */
export function uncloneableType(type: ts.Type, checker: ts.TypeChecker, at: ts.Node): string | undefined {
  const own = ownReason(type, checker, at);
  if (own !== undefined) return own || undefined;
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    for (const element of checker.getTypeArguments(type as ts.TypeReference)) {
      const reason = ownReason(element, checker, at);
      if (reason) return `an array holding ${reason}`;
    }
    return undefined;
  }
  for (const property of checker.getPropertiesOfType(type)) {
    // An optional property may well be absent when written: only a required one proves anything.
    if (isPrototypeMember(property) || property.flags & ts.SymbolFlags.Optional) continue;
    const reason = ownReason(checker.getTypeOfSymbolAtLocation(property, at), checker, at);
    if (reason) return `an object holding ${reason} (in ${property.name})`;
  }
  return undefined;
}

/**
 * The reason when the type itself cannot be cloned; '' when it surely can or the checker cannot tell (look no
 * further); undefined for an object type, whose properties decide.
 */
function ownReason(type: ts.Type, checker: ts.TypeChecker, at: ts.Node): string | undefined {
  if (type.flags & ANY_LIKE) return '';
  if (type.isUnion()) {
    // Only when every possibility fails (null and undefined aside): `Promise<T> | string` may be a string.
    const reasons = type.types.filter((t) => !(t.flags & NULLISH)).map((t) => ownReason(t, checker, at) || uncloneableType(t, checker, at));
    return reasons.length && reasons.every((r) => r) ? reasons[0] : '';
  }
  if (!(type.flags & ts.TypeFlags.Object) && !type.isIntersection()) return '';
  const name = (type.aliasSymbol ?? type.getSymbol())?.name;
  if (name === 'NS') return 'the ns object (a Proxy)';
  if (type.getCallSignatures().length || type.getConstructSignatures().length) return 'a function';
  const then = checker.getPropertyOfType(type, 'then');
  if (then && checker.getTypeOfSymbolAtLocation(then, at).getCallSignatures().length) return name === 'Promise' ? 'a Promise' : 'a Promise (a thenable)';
  return undefined;
}

/**
 * Members a clone does not carry or that may live on a prototype: class methods and accessors (a class instance
 * arrives as a plain object without them), and method signatures of interfaces (Map, Date and the like).
 */
function isPrototypeMember(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => ts.isMethodSignature(d) || ((ts.isMethodDeclaration(d) || ts.isGetAccessor(d) || ts.isSetAccessor(d)) && ts.isClassLike(d.parent)));
}
