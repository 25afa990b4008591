using System.Text;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// Reads the binary render batch a Blazor Server circuit sends with « JS.RenderBatch » (ASP.NET Core's
/// RenderBatchWriter; blazor.web.js reads it with its OutOfProcessRenderBatch). Layout: the updated components'
/// diffs, the reference frames, the disposed component ids, the disposed event handler ids, the strings, then five
/// int32 offsets of those parts at the end. A diff is a component id and its edits (16 bytes each: type, sibling
/// index, reference frame index, removed attribute name); a frame is 20 bytes (type, then 16 bytes by type);
/// strings are BinaryWriter's (7-bit length prefix, UTF-8), found through a table of int32 positions.
/// </summary>
public sealed class RenderBatchReader
{
    private const int FrameSize = 20;
    private const int EditSize = 16;

    private readonly byte[] data;
    private readonly int referenceFrames;
    private readonly int stringTable;
    private readonly Frame?[] frames;
    private readonly string?[] strings;

    public RenderBatchReader(byte[] data)
    {
        this.data = data;
        referenceFrames = Int(data.Length - 16);
        stringTable = Int(data.Length - 4);
        // Frames and strings are read once each, however often the edits and the tree ask for them.
        frames = new Frame?[Int(referenceFrames)];
        strings = new string?[(data.Length - 20 - stringTable) / 4];
        var updatedComponents = Int(data.Length - 20);
        Diffs = Enumerable.Range(0, Int(updatedComponents)).Select(i => ReadDiff(Int(updatedComponents + 4 + 4 * i))).ToArray();
        var disposedComponents = Int(data.Length - 12);
        DisposedComponentIds = Enumerable.Range(0, Int(disposedComponents)).Select(i => Int(disposedComponents + 4 + 4 * i)).ToArray();
        var disposed = Int(data.Length - 8);
        DisposedEventHandlerIds = Enumerable.Range(0, Int(disposed)).Select(i => BitConverter.ToUInt64(data, disposed + 4 + 8 * i)).ToArray();
    }

    public IReadOnlyList<Diff> Diffs { get; }

    public IReadOnlyList<int> DisposedComponentIds { get; }

    public IReadOnlyList<ulong> DisposedEventHandlerIds { get; }

    /// <summary>The reference frame at <paramref name="index"/> (edits point into this array).</summary>
    public Frame FrameAt(int index) => frames[index] ??= ReadFrame(index);

    private Frame ReadFrame(int index)
    {
        var at = referenceFrames + 4 + FrameSize * index;
        var type = (FrameType)Int(at);
        return type switch
        {
            FrameType.Element => new Frame(type, Int(at + 4), String(Int(at + 8)), null, 0, 0),
            FrameType.Attribute => new Frame(type, 1, String(Int(at + 4)), String(Int(at + 8)), BitConverter.ToUInt64(data, at + 12), 0),
            FrameType.Component => new Frame(type, Int(at + 4), null, null, 0, Int(at + 8)),
            FrameType.Region => new Frame(type, Int(at + 4), null, null, 0, 0),
            FrameType.Text or FrameType.Markup => new Frame(type, 1, null, String(Int(at + 4)), 0, 0),
            _ => new Frame(type, 1, null, null, 0, 0),
        };
    }

    private Diff ReadDiff(int at) =>
        new(Int(at), Enumerable.Range(0, Int(at + 4)).Select(i => at + 8 + EditSize * i)
            .Select(e => new Edit((EditType)Int(e), Int(e + 4), Int(e + 8), String(Int(e + 12)))).ToArray());

    private int Int(int at) => BitConverter.ToInt32(data, at);

    private string? String(int index) => index < 0 ? null : strings[index] ??= ReadString(index);

    private string ReadString(int index)
    {
        var at = Int(stringTable + 4 * index);
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        return Encoding.UTF8.GetString(data, at, length);
    }

    /// <summary>RenderTreeFrameType (only those the writer serialises).</summary>
    public enum FrameType
    {
        Element = 1,
        Text = 2,
        Attribute = 3,
        Component = 4,
        Region = 5,
        ElementReferenceCapture = 6,
        ComponentReferenceCapture = 7,
        Markup = 8,
    }

    /// <summary>RenderTreeEditType.</summary>
    public enum EditType
    {
        PrependFrame = 1,
        RemoveFrame = 2,
        SetAttribute = 3,
        RemoveAttribute = 4,
        UpdateText = 5,
        StepIn = 6,
        StepOut = 7,
        UpdateMarkup = 8,
        PermutationListEntry = 9,
        PermutationListEnd = 10,
    }

    /// <summary>
    /// A frame: <paramref name="SubtreeLength"/> counts the frame and its descendants (attributes first, for an element
    /// or a component), <paramref name="Name"/> is an element's or an attribute's name, <paramref name="Value"/> an
    /// attribute's value (« » for true, null for false or a non-string value), a text's or a markup's content.
    /// </summary>
    public readonly record struct Frame(FrameType Type, int SubtreeLength, string? Name, string? Value, ulong EventHandlerId, int ComponentId);

    /// <summary><paramref name="ReferenceFrameIndex"/> also holds MoveToSiblingIndex for a permutation entry.</summary>
    public readonly record struct Edit(EditType Type, int SiblingIndex, int ReferenceFrameIndex, string? RemovedAttributeName);

    public sealed record Diff(int ComponentId, IReadOnlyList<Edit> Edits);
}
