using Heapwise.Collection;

namespace Heapwise.Tests.Collection;

public sealed class MethodNameFormatterTests
{
    // Inputs are spelled as .NET 10 spells them in MethodLoadVerbose events (seen in traces of Heapwise.TestTarget).
    public static TheoryData<string, string, string> Cases => new()
    {
        { "Heapwise.TestTarget.AccuracyWorkload", "AllocateMidArrays", "Heapwise.TestTarget.AccuracyWorkload.AllocateMidArrays" },
        { "System.String", "Ctor", "System.String.Ctor" },
        { "App.Foo", ".ctor", "App.Foo..ctor" },
        { "App.Worker+<DoWork>d__3", "MoveNext", "App.Worker.DoWork" },
        { "App.Outer+Inner+<Run>d__0", "MoveNext", "App.Outer.Inner.Run" },
        { "App.Program+<>c", "<Main>b__0_0", "App.Program.Main.lambda1" },
        { "App.Program+<>c", "<Main>b__0_1", "App.Program.Main.lambda2" },
        { "App.Program+<>c__DisplayClass0_0", "<Main>b__0", "App.Program.Main.lambda1" },
        { "App.Program", "<Main>b__3", "App.Program.Main.lambda4" },
        { "App.Program", "<Run>g__Parse|3_0", "App.Program.Run.Parse" },
        { "App.Program+<<Run>g__ParseAsync|3_0>d", "MoveNext", "App.Program.Run.ParseAsync" },
        { "App.Program+<>c+<<Main>b__0_0>d", "MoveNext", "App.Program.Main.lambda1" },
        { "Program", "<Main>$", "Program.Main" },
        { "Program+<>c", "<<Main>$>b__0_0", "Program.Main.lambda1" },
        { "Program", "<<Main>$>g__Helper|0_0", "Program.Main.Helper" },
        { "System.Threading.PortableThreadPool+WorkerThread+<>c", "<.cctor>b__16_0", "System.Threading.PortableThreadPool.WorkerThread..cctor.lambda1" },
        { "System.Collections.Generic.List`1[System.__Canon]", "Add", "System.Collections.Generic.List<T>.Add" },
        { "System.Collections.Generic.List`1[System.Int32]", "Add", "System.Collections.Generic.List<System.Int32>.Add" },
        { "System.Collections.Generic.Dictionary`2[System.__Canon,System.Int32]", "TryInsert", "System.Collections.Generic.Dictionary<T1, System.Int32>.TryInsert" },
        {
            "System.Collections.Generic.Dictionary`2+CollectionsMarshalHelper[System.Int32,System.Diagnostics.Tracing.EventSource+EventMetadata]",
            "GetValueRefOrAddDefault",
            "System.Collections.Generic.Dictionary<System.Int32, System.Diagnostics.Tracing.EventSource.EventMetadata>.CollectionsMarshalHelper.GetValueRefOrAddDefault"
        },
        { "Heapwise.TestTarget.ShapesWorkload+Bag`1[System.__Canon]", "Fill", "Heapwise.TestTarget.ShapesWorkload.Bag<T>.Fill" },
        { "App.Cache`1+<>c[System.__Canon]", "<Get>b__2_0", "App.Cache<T>.Get.lambda1" },
        { "System.Linq.Enumerable", "ToList[System.__Canon]", "System.Linq.Enumerable.ToList<T>" },
        { "System.Collections.Generic.List`1[System.__Canon]", "ConvertAll[System.Int32]", "System.Collections.Generic.List<T>.ConvertAll<System.Int32>" },
        { "System.Collections.Generic.List`1[System.__Canon]", "ConvertAll[System.__Canon]", "System.Collections.Generic.List<T>.ConvertAll<U>" },
        { "App.Map`2[System.__Canon,System.__Canon]", "Zip[System.__Canon,System.__Canon]", "App.Map<T1, T2>.Zip<U1, U2>" },
        { "System.Collections.Generic.List`1[System.Collections.Generic.KeyValuePair`2[System.__Canon,System.Int32]]", "Add", "System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<T, System.Int32>>.Add" },
        { "dynamicClass", "lambda_method1", "dynamicClass.lambda_method1" },
        { "", "Stub", "Stub" },
        { "App.Widget", "System.IDisposable.Dispose", "App.Widget.System.IDisposable.Dispose" },
        { "App.Broken<", "M", "App.Broken<.M" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Formats_runtime_names_as_the_source_reads(string typeName, string methodName, string expected) =>
        Assert.Equal(expected, MethodNameFormatter.Format(typeName, methodName));

    [Theory]
    [InlineData("System.Collections.Generic.Dictionary`2[System.__Canon,System.__Canon]", "TryInsert", "TKey,TValue", "", "System.Collections.Generic.Dictionary<TKey, TValue>.TryInsert")]
    [InlineData("System.Collections.Generic.Dictionary`2[System.__Canon,System.Int32]", "TryInsert", "TKey,TValue", "", "System.Collections.Generic.Dictionary<TKey, System.Int32>.TryInsert")]
    [InlineData("System.Linq.Enumerable", "Select[System.__Canon,System.__Canon]", "", "TSource,TResult", "System.Linq.Enumerable.Select<TSource, TResult>")]
    [InlineData("System.Collections.Generic.List`1[System.__Canon]", "Add", "T,Extra", "", "System.Collections.Generic.List<T>.Add")] // count mismatch: fallback
    public void Declared_generic_parameter_names_replace_placeholders(string typeName, string methodName, string typeParameters, string methodParameters, string expected) =>
        Assert.Equal(expected, MethodNameFormatter.Format(typeName, methodName,
            typeParameters.Length == 0 ? [] : typeParameters.Split(','), methodParameters.Length == 0 ? [] : methodParameters.Split(',')));

    [Fact]
    public void Generic_parameter_names_are_read_from_metadata()
    {
        using var names = new GenericParameterNames();
        var tryInsert = typeof(Dictionary<,>).GetMethod("TryInsert", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;

        var found = names.Find(typeof(object).Assembly.Location, tryInsert.MetadataToken);

        Assert.Equal(["TKey", "TValue"], found?.Type);
        Assert.Empty(found!.Value.Method);
        Assert.Null(names.Find("/nonexistent.dll", tryInsert.MetadataToken));
    }
}
