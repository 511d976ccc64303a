using System.Globalization;
using System.Text;

namespace Heapwise.Collection;

/// <summary>
/// Formats method names from runtime events (declaring type and method name, as in <c>MethodLoadVerbose</c>)
/// as a C# developer reads the source: <c>Namespace.Type.Method</c>.
/// </summary>
/// <remarks>
/// What the compiler generated is folded back into the source method it came from:
/// <list type="bullet">
/// <item>async methods and iterators: <c>App.Worker+&lt;DoWork&gt;d__3.MoveNext</c> → <c>App.Worker.DoWork</c>
/// (no "(async)" suffix: the compiled name does not tell async from iterator, and the body is what the user wrote);</item>
/// <item>lambdas: <c>App.Program+&lt;&gt;c.&lt;Main&gt;b__0_1</c> → <c>App.Program.Main.lambda2</c>, numbered from 1 in
/// the compiler's order like Go's <c>main.func1</c>; closures' display classes disappear;</item>
/// <item>local functions: <c>&lt;Main&gt;g__Parse|0_0</c> → <c>Main.Parse</c>; top-level statements: <c>&lt;Main&gt;$</c> → <c>Main</c>;</item>
/// <item>shared generic code: <c>List`1[System.__Canon].Add</c> → <c>List&lt;T&gt;.Add</c>, concrete arguments kept
/// (<c>List&lt;System.Int32&gt;.Add</c> is different machine code). Placeholders take the declared names when the
/// caller knows them from metadata (<c>Dictionary&lt;TKey, TValue&gt;</c>), else <c>T</c>, <c>T1</c>… for the type's and
/// <c>U</c>… for the method's.</item>
/// </list>
/// Parameter lists are left out, so overloads share a name, as in pprof profiles of other languages; the
/// exact runtime spelling stays available as the function's system name.
/// </remarks>
internal static class MethodNameFormatter
{
    /// <summary>Returns the readable name of method <paramref name="methodName"/> declared by <paramref name="typeName"/>.</summary>
    /// <param name="typeName">The declaring type as the runtime spells it, e.g. <c>App.Worker+&lt;DoWork&gt;d__3</c>; may be empty.</param>
    /// <param name="methodName">The method name, e.g. <c>MoveNext</c> or <c>ToList[System.__Canon]</c>.</param>
    /// <param name="typeParameters">Declared names of the type's generic parameters (outer types' first), when known.</param>
    /// <param name="methodParameters">Declared names of the method's generic parameters, when known.</param>
    public static string Format(string typeName, string methodName, IReadOnlyList<string>? typeParameters = null, IReadOnlyList<string>? methodParameters = null)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(methodName);
        // Only generic instantiations (Select[System.__Canon,System.Int32]) need parsing; other names may hold
        // characters the type parser gives meaning to, as in explicit interface implementations.
        var method = RuntimeTypeName.Parse(methodName.EndsWith(']') ? methodName : methodName.Replace('+', '.'));
        string methodText = method.Segments[0].Name;
        if (typeName.Length == 0)
        {
            return RenderMethod(DecodeMember(methodText), method, 0, methodParameters);
        }

        var type = RuntimeTypeName.Parse(typeName);
        int typeArguments = type.CountArguments();
        var canonNames = typeParameters?.Count == typeArguments ? typeParameters : RuntimeTypeName.CanonNames(typeArguments);
        var owner = new StringBuilder();
        string member = DecodeMember(methodText);
        for (int i = 0; i < type.Segments.Count; i++)
        {
            string segment = type.Segments[i].Name;
            if (IsClosureContainer(segment))
            {
                continue;
            }

            if (i == type.Segments.Count - 1 && TryGetStateMachineMethod(segment, out string? kickoff))
            {
                // The body of an async method or iterator: name it after the method the user wrote.
                member = methodText == "MoveNext" ? DecodeMember(kickoff) : DecodeMember(kickoff) + "." + member;
                continue;
            }

            if (owner.Length > 0)
            {
                owner.Append('.');
            }

            type.RenderSegment(owner, i, canonNames);
        }

        string rendered = RenderMethod(member, method, typeArguments, methodParameters);
        return owner.Length == 0 ? rendered : owner.Append('.').Append(rendered).ToString();
    }

    private static string RenderMethod(string member, RuntimeTypeName method, int typeArgumentCount, IReadOnlyList<string>? declaredNames)
    {
        var arguments = method.Segments[0].Arguments;
        if (arguments.Count == 0)
        {
            return member;
        }

        // Without declared names, method-level placeholders get other letters than the type's: List<T>.ConvertAll<U>.
        string letter = typeArgumentCount == 0 ? "T" : "U";
        IReadOnlyList<string> names = declaredNames?.Count == arguments.Count ? declaredNames : arguments.Count == 1
            ? new[] { letter }
            : Enumerable.Range(1, arguments.Count).Select(i => letter + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var builder = new StringBuilder(member);
        method.Segments[0].Name = string.Empty;
        method.RenderSegment(builder, 0, names);
        return builder.ToString();
    }

    /// <summary>Classes the compiler creates to hold lambdas and captured variables: they are not in the source.</summary>
    private static bool IsClosureContainer(string segment) =>
        segment == "<>c" || segment.StartsWith("<>c__DisplayClass", StringComparison.Ordinal);

    /// <summary>Recognises <c>&lt;DoWork&gt;d__3</c> and <c>&lt;&lt;Main&gt;g__Local|0_0&gt;d</c>, returning the generated-from name inside.</summary>
    private static bool TryGetStateMachineMethod(string segment, out string kickoff)
    {
        kickoff = string.Empty;
        if (!TrySplitGenerated(segment, out string inner, out string rest))
        {
            return false;
        }

        if (rest == "d" || rest.StartsWith("d__", StringComparison.Ordinal))
        {
            kickoff = inner;
            return true;
        }

        return false;
    }

    /// <summary>Turns a generated member name into the source name it came from; other names are returned as they are.</summary>
    internal static string DecodeMember(string name)
    {
        if (!TrySplitGenerated(name, out string inner, out string rest))
        {
            return name;
        }

        if (rest == "$")
        {
            return DecodeMember(inner); // <Main>$: the entry point of top-level statements
        }

        if (rest.StartsWith("b__", StringComparison.Ordinal))
        {
            // <Main>b__0_1: lambda ordinal after the last underscore (older compilers: <Main>b__1).
            string ordinal = rest[(rest.LastIndexOf('_') + 1)..];
            int number = int.TryParse(ordinal, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n + 1 : 1;
            return DecodeMember(inner) + ".lambda" + number.ToString(CultureInfo.InvariantCulture);
        }

        if (rest.StartsWith("g__", StringComparison.Ordinal))
        {
            // <Main>g__Parse|0_0: a local function named Parse.
            int bar = rest.IndexOf('|', StringComparison.Ordinal);
            string local = bar > 3 ? rest[3..bar] : rest[3..];
            return DecodeMember(inner) + "." + local;
        }

        return name;
    }

    /// <summary>Splits <c>&lt;inner&gt;rest</c>, matching nested angle brackets.</summary>
    private static bool TrySplitGenerated(string name, out string inner, out string rest)
    {
        inner = rest = string.Empty;
        if (name.Length < 3 || name[0] != '<')
        {
            return false;
        }

        int depth = 0;
        for (int i = 0; i < name.Length; i++)
        {
            depth += name[i] == '<' ? 1 : name[i] == '>' ? -1 : 0;
            if (depth == 0)
            {
                inner = name[1..i];
                rest = name[(i + 1)..];
                return inner.Length > 0;
            }
        }

        return false;
    }
}
