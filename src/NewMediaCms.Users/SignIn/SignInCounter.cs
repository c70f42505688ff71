namespace NewMediaCms.Users.SignIn;

/// <summary>
/// Failed sign-ins of one key in the current window: a user name (whether or not it exists), a user name from one
/// client address, or a client address. In the store, so every node counts the same failures.
/// </summary>
internal sealed class SignInCounter
{
    public string Key { get; set; } = "";

    public int Failures { get; set; }

    public DateTime WindowStartUtc { get; set; }

    public DateTime? LockedUntilUtc { get; set; }
}

/// <summary>An arithmetic challenge (算术验证码) handed out once; answered once.</summary>
internal sealed class SignInChallenge
{
    public string Id { get; set; } = "";

    public int Answer { get; set; }

    public DateTime ExpiresUtc { get; set; }
}
