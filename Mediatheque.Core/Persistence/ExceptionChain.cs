namespace Mediatheque.Core.Persistence;

internal static class ExceptionChain
{
    /// <summary>The first exception of this type in the chain of inner exceptions (EF wraps the provider's).</summary>
    public static TException? Find<TException>(Exception? exception) where TException : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is TException found)
            {
                return found;
            }
        }

        return null;
    }
}
