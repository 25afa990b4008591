namespace Mediatheque.Core.Backups;

/// <summary>The database's own backups (configuration section « Mediatheque:Backups »): SQLite only, see <see cref="DatabaseBackup"/>.</summary>
public sealed class BackupOptions
{
    public const string Section = "Mediatheque:Backups";

    /// <summary>How many backup files are kept in the folder, the newest; older ones are removed after each new backup.</summary>
    public int Keep { get; set; } = 14;

    /// <summary>Where the backups go; empty: « backups » beside the SQLite file (App_Data/backups/).</summary>
    public string? Folder { get; set; }

    /// <summary>A backup each night, before the daily job of the accounts (<see cref="AccountStates.DailySchedule"/>).</summary>
    public bool Nightly { get; set; } = true;
}
