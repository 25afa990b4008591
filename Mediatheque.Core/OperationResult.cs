namespace Mediatheque.Core;

/// <summary>What a service that changes data answers: done, or the French reasons why not.</summary>
public sealed record OperationResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static OperationResult Success { get; } = new(true, []);

    public static OperationResult Fail(params string[] errors) => new(false, errors);

    public static OperationResult Fail(IEnumerable<string> errors) => new(false, errors.ToArray());

    public string Message => string.Join(" ", Errors);
}
