using System.Net;
using System.Text.RegularExpressions;
using static Mediatheque.Benchmarks.Capacity.RenderBatchReader;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// The page a circuit renders, as blazor.web.js's BrowserRenderer keeps it but without a DOM: per component, its
/// logical children (elements with their attributes and children, texts, markup, the placeholders of child
/// components; regions flattened into their parent), updated by the edits of each render batch exactly as
/// BrowserRenderer.applyEdits does (sibling indices relative to the current depth, StepIn/StepOut, permutations of
/// keyed children). Enough to find an element by its attributes and read its text as a user sees it.
/// </summary>
public sealed partial class PageTree
{
    // A component's logical container: the placeholder its parent rendered, or a root component's marker.
    private readonly Dictionary<int, Node> components = [];

    /// <summary>Applies the batch; returns the components whose own elements it may have changed (those it rendered).</summary>
    public IReadOnlyCollection<int> Apply(RenderBatchReader batch)
    {
        var rendered = new HashSet<int>();
        foreach (var diff in batch.Diffs)
        {
            ApplyEdits(batch, Container(diff.ComponentId), diff.Edits);
            rendered.Add(diff.ComponentId);
        }

        foreach (var id in batch.DisposedComponentIds)
        {
            components.Remove(id);
            rendered.Remove(id);
        }

        return rendered;
    }

    public bool IsAlive(int componentId) => components.ContainsKey(componentId);

    /// <summary>
    /// The first element <paramref name="match"/> accepts among those <paramref name="inComponents"/> rendered
    /// themselves, with the id of the component that rendered it (an element only appears or goes through its own
    /// component's diff, so after a batch only the components it rendered need a look).
    /// </summary>
    public (int ComponentId, Element Element)? Find(Func<Element, bool> match, IEnumerable<int> inComponents)
    {
        foreach (var id in inComponents)
        {
            if (components.TryGetValue(id, out var container) && Elements(container).FirstOrDefault(match) is { } element)
            {
                return (id, element);
            }
        }

        return null;
    }

    /// <summary>The element's text as the DOM's textContent gives it, child components' text included.</summary>
    public static string TextContent(Node node) => string.Concat(node.Children.Select(child => child switch
    {
        Text text => text.Value,
        Markup markup => WebUtility.HtmlDecode(Tag().Replace(markup.Value, string.Empty)),
        _ => TextContent(child),
    }));

    private Node Container(int componentId)
    {
        if (!components.TryGetValue(componentId, out var container))
        {
            components[componentId] = container = new Node();
        }

        return container;
    }

    /// <summary>The elements a component rendered itself (not those of its child components, found under their own id).</summary>
    private static IEnumerable<Element> Elements(Node node)
    {
        // Depth first in document order, with a stack of (node, next child) rather than nested iterators.
        var stack = new Stack<(Node Node, int Next)>();
        stack.Push((node, 0));
        while (stack.TryPop(out var top))
        {
            if (top.Next < top.Node.Children.Count)
            {
                stack.Push((top.Node, top.Next + 1));
                if (top.Node.Children[top.Next] is Element element)
                {
                    yield return element;
                    stack.Push((element, 0));
                }
            }
        }
    }

    private void ApplyEdits(RenderBatchReader batch, Node container, IReadOnlyList<Edit> edits)
    {
        var parent = container;
        var parents = new Stack<Node>();
        var childIndex = 0;
        List<(int From, int To)>? permutation = null;
        foreach (var edit in edits)
        {
            var at = childIndex + edit.SiblingIndex;
            switch (edit.Type)
            {
                case EditType.PrependFrame:
                    InsertFrame(batch, parent, at, edit.ReferenceFrameIndex);
                    break;
                case EditType.RemoveFrame:
                    parent.Children.RemoveAt(at);
                    break;
                case EditType.SetAttribute:
                    ((Element)parent.Children[at]).Set(batch.FrameAt(edit.ReferenceFrameIndex));
                    break;
                case EditType.RemoveAttribute:
                    ((Element)parent.Children[at]).Attributes.Remove(edit.RemovedAttributeName!);
                    break;
                case EditType.UpdateText:
                    ((Text)parent.Children[at]).Value = batch.FrameAt(edit.ReferenceFrameIndex).Value ?? string.Empty;
                    break;
                case EditType.UpdateMarkup:
                    ((Markup)parent.Children[at]).Value = batch.FrameAt(edit.ReferenceFrameIndex).Value ?? string.Empty;
                    break;
                case EditType.StepIn:
                    parents.Push(parent);
                    parent = parent.Children[at];
                    childIndex = 0;
                    break;
                case EditType.StepOut:
                    parent = parents.Pop();
                    childIndex = 0;
                    break;
                case EditType.PermutationListEntry:
                    (permutation ??= []).Add((at, childIndex + edit.ReferenceFrameIndex)); // the slot holds MoveToSiblingIndex
                    break;
                case EditType.PermutationListEnd:
                    var moving = permutation!.Select(p => parent.Children[p.From]).ToList();
                    for (var i = 0; i < permutation!.Count; i++)
                    {
                        parent.Children[permutation[i].To] = moving[i];
                    }

                    permutation = null;
                    break;
            }
        }
    }

    /// <summary>Inserts the frame's nodes at <paramref name="index"/>; returns how many (a region's children, or one).</summary>
    private int InsertFrame(RenderBatchReader batch, Node parent, int index, int frameIndex)
    {
        var frame = batch.FrameAt(frameIndex);
        Node node;
        switch (frame.Type)
        {
            case FrameType.Element:
                var element = new Element(frame.Name!);
                var end = frameIndex + frame.SubtreeLength;
                var child = frameIndex + 1;
                for (; child < end && batch.FrameAt(child).Type == FrameType.Attribute; child++)
                {
                    element.Set(batch.FrameAt(child));
                }

                InsertRange(batch, element, 0, child, end);
                node = element;
                break;
            case FrameType.Text:
                node = new Text { Value = frame.Value ?? string.Empty };
                break;
            case FrameType.Markup:
                node = new Markup { Value = frame.Value ?? string.Empty };
                break;
            case FrameType.Component:
                // The child component renders into this placeholder (its own diff, in this batch or a later one).
                node = Container(frame.ComponentId);
                break;
            case FrameType.Region:
                return InsertRange(batch, parent, index, frameIndex + 1, frameIndex + frame.SubtreeLength);
            case FrameType.Attribute:
                throw new InvalidOperationException("An attribute frame outside an element's leading frames.");
            default:
                return 0; // reference captures: nothing on the page
        }

        parent.Children.Insert(index, node);
        return 1;
    }

    private int InsertRange(RenderBatchReader batch, Node parent, int index, int start, int endExclusive)
    {
        var inserted = 0;
        for (var i = start; i < endExclusive; i++)
        {
            var frame = batch.FrameAt(i);
            inserted += InsertFrame(batch, parent, index + inserted, i);
            if (frame.Type is FrameType.Element or FrameType.Component or FrameType.Region)
            {
                i += frame.SubtreeLength - 1; // its descendants were inserted with it (a component's are its parameters)
            }
        }

        return inserted;
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    public class Node
    {
        public List<Node> Children { get; } = [];
    }

    public sealed class Element(string name) : Node
    {
        public string Name { get; } = name;

        /// <summary>Attribute values (null for false) and event handler ids (0 when not an event).</summary>
        public Dictionary<string, (string? Value, ulong EventHandlerId)> Attributes { get; } = [];

        public string? this[string attribute] => Attributes.TryGetValue(attribute, out var a) ? a.Value : null;

        public ulong HandlerOf(string eventAttribute) => Attributes.TryGetValue(eventAttribute, out var a) ? a.EventHandlerId : 0;

        public void Set(Frame attribute) => Attributes[attribute.Name!] = (attribute.Value, attribute.EventHandlerId);
    }

    public sealed class Text : Node
    {
        public string Value { get; set; } = string.Empty;
    }

    public sealed class Markup : Node
    {
        public string Value { get; set; } = string.Empty;
    }
}
