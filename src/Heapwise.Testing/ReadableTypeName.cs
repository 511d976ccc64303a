using System.Text;

namespace Heapwise.Testing;

/// <summary>Type names as C# spells them (<c>System.Collections.Generic.List&lt;System.String&gt;</c>, <c>MyApp.Cache+Entry</c>), for messages.</summary>
internal static class ReadableTypeName
{
    public static string Of(Type type)
    {
        var text = new StringBuilder();
        Append(text, type);
        return text.ToString();
    }

    private static void Append(StringBuilder text, Type type)
    {
        if (type.IsArray)
        {
            Append(text, type.GetElementType()!);
            text.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
            return;
        }

        string name = type.IsNested ? Of(type.DeclaringType!) + "+" + type.Name : (type.Namespace is { } ns ? ns + "." : "") + type.Name;
        if (!type.IsGenericType)
        {
            text.Append(name);
            return;
        }

        int tick = name.LastIndexOf('`');
        text.Append(tick < 0 ? name : name[..tick]).Append('<');
        var arguments = type.GetGenericArguments();
        for (int i = 0; i < arguments.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            Append(text, arguments[i]);
        }

        text.Append('>');
    }
}
