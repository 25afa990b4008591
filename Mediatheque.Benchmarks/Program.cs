using Mediatheque.Benchmarks;
using Mediatheque.Benchmarks.Capacity;

// One benchmark per issue, picked by the first argument: `dotnet run -c Release --project Mediatheque.Benchmarks -- grid` (or `import`, `signin`, `bulkreset`, `capacity`, `annuaire`, `notices`, `dailyjob`, `backup`, `siecle`).
return args.FirstOrDefault() switch
{
    "grid" => await GridBenchmark.RunAsync(args[1..]),
    "import" => await ImportBenchmark.RunAsync(args[1..]),
    "signin" => await SignInBenchmark.RunAsync(args[1..]),
    "bulkreset" => await BulkResetBenchmark.RunAsync(args[1..]),
    "capacity" => await CapacityBenchmark.RunAsync(args[1..]),
    "annuaire" => await AnnuaireBenchmark.RunAsync(args[1..]),
    "notices" => await NoticeBenchmark.RunAsync(args[1..]),
    "dailyjob" => await DailyJobBenchmark.RunAsync(args[1..]),
    "backup" => await BackupBenchmark.RunAsync(args[1..]),
    "siecle" => await SiecleBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Mediatheque.Benchmarks -- grid [--users N] [--keep] [--explain] [--sqlite-only | --postgresql-only]");
    Console.Error.WriteLine("       dotnet run -c Release --project Mediatheque.Benchmarks -- import [--pupils N] [--work-factor N]");
    Console.Error.WriteLine("       dotnet run -c Release --project Mediatheque.Benchmarks -- signin [ITERATIONS]");
    Console.Error.WriteLine("       dotnet run -c Release --project Mediatheque.Benchmarks -- bulkreset [--pupils N] [--work-factor N]");
    Console.Error.WriteLine("       dotnet run -c Release --project Mediatheque.Benchmarks -- capacity [--client light|chromium] [--circuits 25,50,100] [--typing-seconds 30] [--keep] [--full-dump] [--trace]");
    Console.Error.WriteLine("       dotnet run -c Release --project Mediatheque.Benchmarks -- annuaire [--entries N] [--runs N] [--sqlite-only|--postgresql-only]");
    Console.Error.WriteLine("       dotnet run -c Release --project Mediatheque.Benchmarks -- notices [--pupils N] [--work-factor N] [--runs N]");
    Console.Error.WriteLine("       dotnet run -c Release --project Mediatheque.Benchmarks -- dailyjob [--users N] [--schools N] [--runs N] [--keep] [--explain] [--sqlite-only|--postgresql-only]");
    Console.Error.WriteLine("       dotnet run -c Release --project Mediatheque.Benchmarks -- backup [--users N] [--schools N] [--rounds N] [--keep]");
    Console.Error.WriteLine("       dotnet run -c Release --project Mediatheque.Benchmarks -- siecle [--pupils N] [--arrivals N] [--leavers N] [--runs N] [--work-factor N] [--sqlite-only|--postgresql-only]");
    return 2;
}
