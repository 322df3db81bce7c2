namespace Midflight.Model.Diagnostics;

/// <summary>
/// The stable codes of configuration diagnostics. A code, once given a meaning, keeps it: tools and
/// people search for them. Each is explained with its fix in docs/errors.md (a test keeps the two in step).
/// </summary>
public static class DiagnosticCodes
{
    // Lexical: MF0001–MF0009.
    public const string UnexpectedCharacter = "MF0001";
    public const string UnterminatedString = "MF0002";
    public const string UnterminatedComment = "MF0003";
    public const string InvalidEscape = "MF0004";

    // Syntactic: MF0010–MF0019.
    public const string UnexpectedToken = "MF0010";
    public const string UnknownType = "MF0011";
    public const string UnknownStatement = "MF0012";

    // Module specifications: MF0020–MF0039.
    public const string DuplicateModule = "MF0020";
    public const string DuplicateInterface = "MF0021";
    public const string DuplicateAttribute = "MF0022";
    public const string DuplicateReconfigurationPoint = "MF0023";
    public const string MissingSource = "MF0024";
    public const string MalformedSource = "MF0025";
    public const string MissingPattern = "MF0026";
    public const string DuplicatePatternClause = "MF0027";
    public const string ClauseNotAllowed = "MF0028";
    public const string MissingReplyPattern = "MF0029";
    public const string ReceivedMarkOnSentField = "MF0030";
    public const string MixedBlock = "MF0031";
    public const string InvalidCapacity = "MF0032";

    // Application specifications: MF0040–MF0059.
    public const string NoApplication = "MF0040";
    public const string SeveralApplications = "MF0041";
    public const string DuplicateInstance = "MF0042";
    public const string UnknownModule = "MF0043";
    public const string MalformedEndpoint = "MF0044";
    public const string UnknownInstance = "MF0045";
    public const string UnknownInterface = "MF0046";
    public const string DirectionsCannotBind = "MF0047";
    public const string PatternMismatch = "MF0048";
    public const string DuplicateBinding = "MF0049";
    public const string ClientBoundTwice = "MF0050";
    public const string DuplicateGroup = "MF0051";
    public const string UnknownGroupMember = "MF0052";
    public const string MemberOfTwoGroups = "MF0053";

    // Preparing a module's source for reconfiguration: MF1001–MF1099.
    public const string ModuleClassNotFound = "MF1001";
    public const string NoEntry = "MF1002";
    public const string PointNotFound = "MF1003";
    public const string PointNeverOnStack = "MF1004";
    public const string VariableCannotBeCaptured = "MF1005";
    public const string CallSiteShape = "MF1006";
    public const string StatementNotSupported = "MF1007";
    public const string CollectionNotSupported = "MF1008";
    public const string VariableNotRestorable = "MF1009";
    public const string MethodNotSupported = "MF1010";
    public const string PreparedFileNameClash = "MF1011";
    public const string ListedVariableNotInScope = "MF1012";
    public const string ProcedureModuleNotThreaded = "MF1014";
    public const string WorkerNotSupported = "MF1015";
    public const string LockHeldAtPoint = "MF1016";

    // A procedure update refused by its compile-time check against the running version: MF1101.
    public const string ProcedureUpdateRefused = "MF1101";

    /// <summary>Given by the build targets (Midflight.Build.targets), not by code: listed here so that no other diagnostic takes it.</summary>
    public const string PreparationToolFailed = "MF1013";
}
