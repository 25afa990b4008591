using Mediatheque.Benchmarks;

// One benchmark per issue, picked by the first argument: `dotnet run -c Release --project Mediatheque.Benchmarks -- grid`.
return args.FirstOrDefault() switch
{
    "grid" => await GridBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Mediatheque.Benchmarks -- grid [--users N] [--keep]");
    return 2;
}
