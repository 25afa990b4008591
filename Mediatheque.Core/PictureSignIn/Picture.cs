namespace Mediatheque.Core.PictureSignIn;

/// <summary>
/// A picture a four-year-old can name. <see cref="Key"/> is stable (it is what a secret is hashed over); <see cref="Name"/>
/// is its French name: the accessible name on screen and the word printed under it on a card.
/// </summary>
public sealed record Picture(string Key, string Name);

/// <summary>
/// The pictures of picture sign-in (issue 24): the twelve of the board a pupil's secret is drawn from, always shown in
/// the same order (children remember places too), and the tile pictures given to pupils without a photo. The two sets
/// never share a picture, so a child is never asked to find « their » rabbit among the secret ones. How they are drawn
/// is the web app's (MudBlazor's Material icons, Apache 2.0): a test checks every key has its icon.
/// </summary>
public static class PictureSet
{
    /// <summary>A secret is this many pictures of the board, all different, in order: 12 × 11 × 10 = 1,320 sequences.</summary>
    public const int SequenceLength = 3;

    public static IReadOnlyList<Picture> Board { get; } =
    [
        new("sun", "soleil"), new("star", "étoile"), new("heart", "cœur"), new("car", "voiture"),
        new("plane", "avion"), new("boat", "bateau"), new("house", "maison"), new("flower", "fleur"),
        new("tree", "arbre"), new("cake", "gâteau"), new("ball", "ballon"), new("rabbit", "lapin"),
    ];

    /// <summary>A pupil's tile when the school has no photo of them; drawn different within a class while there are enough.</summary>
    public static IReadOnlyList<Picture> Tiles { get; } =
    [
        new("bird", "oiseau"), new("mouse", "souris"), new("bee", "abeille"), new("fish", "poisson"),
        new("umbrella", "parapluie"), new("snowflake", "flocon"), new("rocket", "fusée"), new("castle", "château"),
        new("bike", "vélo"), new("bus", "bus"), new("truck", "camion"), new("tractor", "tracteur"),
        new("icecream", "glace"), new("pizza", "pizza"), new("egg", "œuf"), new("headphones", "casque"),
        new("lightbulb", "ampoule"), new("brush", "pinceau"), new("scissors", "ciseaux"), new("gift", "cadeau"),
        new("robot", "robot"), new("moon", "lune"), new("die", "dé"), new("piggybank", "tirelire"),
        new("train", "train"), new("music", "musique"), new("piano", "piano"), new("mountain", "montagne"),
        new("drop", "goutte d'eau"), new("scooter", "trottinette"), new("diamond", "diamant"), new("cup", "tasse"),
    ];

    /// <summary>Every possible secret: <see cref="SequenceLength"/> different pictures of the board, in order.</summary>
    public static int Sequences { get; } =
        Enumerable.Range(0, SequenceLength).Aggregate(1, (product, i) => product * (Board.Count - i));

    public static IEnumerable<Picture> All => Board.Concat(Tiles);

    public static Picture? OnBoard(string? key) => Board.FirstOrDefault(p => p.Key == key);

    /// <summary>The tile picture at <paramref name="index"/>, whatever it is (a shorter set in a later version wraps around).</summary>
    public static Picture Tile(int index) => Tiles[((index % Tiles.Count) + Tiles.Count) % Tiles.Count];
}
