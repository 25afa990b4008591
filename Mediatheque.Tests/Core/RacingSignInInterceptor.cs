using System.Data.Common;
using Mediatheque.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Mediatheque.Tests.Core;

/// <summary>
/// Makes simultaneous sign-in attempts interleave in the worst way, deterministically (no luck, no idle machine):
/// each attempt is held at one point of the lockout's statements until all of them are there.
/// <see cref="FirstGuessesAtAnUnknownLogin"/>: every attempt's counting UPDATE has found no row for the unknown login;
/// then one goes on and creates the row, and the others look at the row only once it exists.
/// <see cref="PlacesTakenTogether"/>: every attempt has taken its place on the user's row before any reads it back.
/// </summary>
public sealed class RacingSignInInterceptor : DbCommandInterceptor, ISaveChangesInterceptor
{
    private readonly int attempts;
    private readonly bool unknownLogin;
    private readonly TaskCompletionSource allThere = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource rowCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<DbContext> arrivedContexts = new(ReferenceEqualityComparer.Instance);
    private int arrived;
    private int released;

    private RacingSignInInterceptor(int attempts, bool unknownLogin) => (this.attempts, this.unknownLogin) = (attempts, unknownLogin);

    public static RacingSignInInterceptor FirstGuessesAtAnUnknownLogin(int attempts) => new(attempts, unknownLogin: true);

    public static RacingSignInInterceptor PlacesTakenTogether(int attempts) => new(attempts, unknownLogin: false);

    /// <summary>How many attempts reached the meeting point (all of them, or the test proved nothing).</summary>
    public int Arrived => Volatile.Read(ref arrived);

    public Action<IServiceCollection> Install => ConcurrentWriteInterceptor.Install(this);

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        // The first read of the unknown login's row by an attempt comes after its counting statements found no row.
        if (unknownLogin && command.CommandText.Contains("\"UnknownLogins\"") && FirstTime(eventData.Context))
        {
            await MeetAsync();
            if (Interlocked.Increment(ref released) > 1)
            {
                await rowCreated.Task;
            }
        }

        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // A counting UPDATE that took a place on the user's row waits for the others to take theirs.
        if (!unknownLogin && result == 1 && command.CommandText.Contains("UPDATE \"Accounts\"") && command.CommandText.Contains("FailedSignInCount")
            && FirstTime(eventData.Context))
        {
            await MeetAsync();
        }

        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.ChangeTracker.Entries<UnknownLogin>().Any() == true)
        {
            rowCreated.TrySetResult();
        }

        return ValueTask.FromResult(result);
    }

    private bool FirstTime(DbContext? context)
    {
        lock (arrivedContexts)
        {
            return context is not null && arrivedContexts.Add(context);
        }
    }

    private Task MeetAsync()
    {
        if (Interlocked.Increment(ref arrived) == attempts)
        {
            allThere.TrySetResult();
        }

        return allThere.Task;
    }
}
