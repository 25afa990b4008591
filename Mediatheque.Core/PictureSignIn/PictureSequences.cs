using System.Security.Cryptography;
using Mediatheque.Core.LoginCards;

namespace Mediatheque.Core.PictureSignIn;

/// <summary>
/// Drawing and hashing pupils' secrets. A secret is <see cref="PictureSet.SequenceLength"/> different pictures of the board
/// in order, drawn with the operating system's cryptographic generator. It is hashed with the card tokens' SHA-256 over
/// the pupil's id and the pictures' keys: the id makes two pupils' equal sequences look different in the table. With
/// 1,320 sequences no hash can make a stolen table slow to try: what protects a secret is the lockout and the class's
/// address (README « Picture sign-in »).
/// </summary>
public static class PictureSequences
{
    public static IReadOnlyList<Picture> Draw()
    {
        var left = PictureSet.Board.ToList();
        var drawn = new List<Picture>(PictureSet.SequenceLength);
        for (var i = 0; i < PictureSet.SequenceLength; i++)
        {
            var at = RandomNumberGenerator.GetInt32(left.Count);
            drawn.Add(left[at]);
            left.RemoveAt(at);
        }

        return drawn;
    }

    public static string Hash(int userId, IEnumerable<Picture> sequence) =>
        LoginCardToken.Hash(FormattableString.Invariant($"{userId}:{string.Join(',', sequence.Select(p => p.Key))}"));

    /// <summary>
    /// What the class page posted: board pictures' keys separated by commas, at most <see cref="PictureSet.SequenceLength"/>;
    /// null for anything else (an unknown key, too many). The same picture twice is a sequence, just never a right one.
    /// </summary>
    public static IReadOnlyList<Picture>? Parse(string? posted)
    {
        if (string.IsNullOrEmpty(posted))
        {
            return [];
        }

        if (posted.Length > 100)
        {
            return null;
        }

        var pictures = posted.Split(',').Select(PictureSet.OnBoard).ToList();
        return pictures.Count <= PictureSet.SequenceLength && pictures.All(p => p is not null) ? pictures.Select(p => p!).ToList() : null;
    }

    /// <summary>
    /// A sequence none of <paramref name="taken"/> holds, checked against the classmates' hashes (their ids and hashes)
    /// and against sequences drawn in clear in the same batch. With a class of 30 a draw is taken one time in 44.
    /// </summary>
    internal static IReadOnlyList<Picture> DrawFree(IReadOnlyCollection<(int UserId, string Hash)> taken, IReadOnlyCollection<string> drawnInBatch)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var candidate = Draw();
            var keys = string.Join(',', candidate.Select(p => p.Key));
            if (!drawnInBatch.Contains(keys) && !taken.Any(t => Hash(t.UserId, candidate) == t.Hash))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No free picture sequence left in this class.");
    }

    public static string Keys(IEnumerable<Picture> sequence) => string.Join(',', sequence.Select(p => p.Key));
}
