namespace NewMediaCms.Core.Recipes;

/// <summary>A recipe that cannot be applied. The message names the file, the step and the item.</summary>
public sealed class RecipeException(string message, Exception? inner = null) : Exception(message, inner);
