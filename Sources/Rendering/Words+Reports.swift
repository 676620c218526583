extension Words {
    /// Renders a report's context with its template (`diff.txt`, `diff.md`, `resilience.txt`): the commands that
    /// compare sites or test one lay their typed results out here, in words an administrator can override.
    public func report(_ context: Any, template: String) -> String { render(context, template) }
}
