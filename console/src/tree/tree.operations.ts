import { graphql } from '../gql';

export const TreeQuery = graphql(`
  query ConsoleTree {
    tree {
      folders {
        id
        name
        parentId
        path
        owner {
          id
          login
        }
      }
      scripts {
        id
        name
        folderId
        logicalPath
        version
        releasedVersion
        owner {
          id
          login
        }
      }
    }
  }
`);

export const CreateFolderMutation = graphql(`
  mutation ConsoleCreateFolder($input: CreateFolderInput!) {
    createFolder(input: $input) {
      id
      path
    }
  }
`);

export const RenameFolderMutation = graphql(`
  mutation ConsoleRenameFolder($id: ID!, $name: String!) {
    renameFolder(id: $id, name: $name) {
      id
      path
    }
  }
`);

export const MoveFolderMutation = graphql(`
  mutation ConsoleMoveFolder($id: ID!, $parentId: ID) {
    moveFolder(id: $id, parentId: $parentId) {
      id
      path
    }
  }
`);

export const DeleteFolderMutation = graphql(`
  mutation ConsoleDeleteFolder($id: ID!) {
    deleteFolder(id: $id)
  }
`);

export const CreateScriptMutation = graphql(`
  mutation ConsoleCreateScript($input: CreateScriptInput!) {
    createScript(input: $input) {
      id
      logicalPath
    }
  }
`);

export const RenameOrMoveScriptMutation = graphql(`
  mutation ConsoleRenameOrMoveScript($id: ID!, $input: UpdateScriptInput!) {
    updateScript(id: $id, input: $input) {
      id
      name
      folderId
      logicalPath
    }
  }
`);

export const DeleteScriptMutation = graphql(`
  mutation ConsoleDeleteScript($id: ID!) {
    deleteScript(id: $id)
  }
`);
